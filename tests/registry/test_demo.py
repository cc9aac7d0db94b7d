import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from registry.demo import DEMO_PASSWORD
from technicians.models import Certification, CertificationType, TechnicianProfile
from utilities.models import ServiceZip, Utility

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "demo-tech": User.Role.TECHNICIAN,
    "demo-staff": User.Role.PTCS_STAFF,
    "demo-energytrust": User.Role.PROGRAM_ADMIN,
    "demo-inspector": User.Role.QA_INSPECTOR,
    "demo-trainer": User.Role.TRAINER,
    "demo-utility": User.Role.UTILITY,
}


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (User.objects.count(), Utility.objects.count(), Certification.objects.count())
    tech_id = TechnicianProfile.objects.get(user__username="demo-tech").technician_id

    call_command("seed_demo")

    assert (User.objects.count(), Utility.objects.count(), Certification.objects.count()) == counts
    assert TechnicianProfile.objects.get(user__username="demo-tech").technician_id == tech_id


def test_demo_accounts_sign_in_with_the_documented_password(client):
    call_command("seed_demo")
    for username, role in DEMO_USERS.items():
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert User.objects.get(username=username).role == role


def test_demo_technician_is_active_in_every_certification_type():
    call_command("seed_demo")
    profile = TechnicianProfile.objects.get(user__username="demo-tech")
    active = set(profile.certifications.filter(status="active").values_list("cert_type", flat=True))
    assert active == set(CertificationType.values)
    assert profile.company is not None


def test_demo_utility_user_belongs_to_benton_rea_serving_prosser():
    call_command("seed_demo")
    user = User.objects.get(username="demo-utility")
    assert user.utility.name == "Benton REA"
    assert ServiceZip.objects.filter(utility=user.utility, zip_code="99350").exists()
