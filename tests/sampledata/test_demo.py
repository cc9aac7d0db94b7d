import math

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from jobs import selectors
from jobs.models import Job, JobStatusChange, RingCalibration, Site
from sampledata.demo import DEMO_JOBS, DEMO_PASSWORD, DEMO_ZONES, UTILITIES
from technicians.models import Certification, CertificationType, TechnicianProfile
from utilities.models import ClimateZone, ServiceZip, Utility

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "demo-tech": User.Role.TECHNICIAN,
    "demo-staff": User.Role.PTCS_STAFF,
    "demo-energytrust": User.Role.PROGRAM_ADMIN,
    "demo-inspector": User.Role.QA_INSPECTOR,
    "demo-trainer": User.Role.TRAINER,
    "demo-utility": User.Role.UTILITY,
    "demo-company": User.Role.COMPANY_ADMIN,
}


def demo_counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Utility, Certification, RingCalibration, Site, Job, JobStatusChange)
    }


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = demo_counts()
    tech_id = TechnicianProfile.objects.get(user__username="demo-tech").technician_id
    measure_ids = set(Job.objects.values_list("measure_id", flat=True))

    call_command("seed_demo")

    assert demo_counts() == counts
    assert counts["Job"] == len(DEMO_JOBS)
    assert TechnicianProfile.objects.get(user__username="demo-tech").technician_id == tech_id
    assert set(Job.objects.values_list("measure_id", flat=True)) == measure_ids


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


def test_seed_demo_adds_the_ring_1_example_calibration_once():
    call_command("seed_demo")
    call_command("seed_demo")

    (ring,) = RingCalibration.objects.filter(equipment="energy_conservatory", ring="1")
    assert ring.active
    assert ring.n == 0.5
    assert ring.c == pytest.approx(364 / math.sqrt(78))
    assert ring.c == pytest.approx(41.215, abs=0.001)
    assert ring.c * 78**ring.n == pytest.approx(364)  # reproduces seed 004 L368
    assert "verify against the manufacturer's calibration" in ring.source


def test_seed_demo_keeps_a_calibration_staff_corrected():
    call_command("seed_demo")
    RingCalibration.objects.filter(ring="1").update(c=40.0, source="Manufacturer's table 2025")

    call_command("seed_demo")

    assert RingCalibration.objects.get(ring="1").c == 40.0


def test_demo_technician_has_one_job_of_each_kind_with_the_stated_status():
    call_command("seed_demo")

    jobs = Job.objects.filter(technician__user__username="demo-tech")
    assert sorted((j.measure_type, j.status) for j in jobs) == sorted(
        (payload["measure_type"], status) for _action, payload, status in DEMO_JOBS
    )
    assert {
        (Job.MeasureType.ASHP, Job.Status.BPA_APPROVED),
        (Job.MeasureType.DUCT_SEALING_PTCS, Job.Status.PTCS_CERTIFIED_ONLY),
        (Job.MeasureType.GSHP, Job.Status.BPA_PENDING),
        (Job.MeasureType.DUCT_SEALING_PTCS, Job.Status.IN_PROGRESS),
    } == {(j.measure_type, j.status) for j in jobs}
    assert {j.utility.name for j in jobs} == {"Benton REA"}
    assert {j.site.zip_code for j in jobs} == {"99350"}
    assert all(j.measure_id > 1_000_000 for j in jobs)
    assert all(j.status_changes.exists() for j in jobs)


def test_demo_in_progress_job_computes_the_pre_test_from_the_ring():
    call_command("seed_demo")

    job = Job.objects.get(technician__user__username="demo-tech", status=Job.Status.IN_PROGRESS)
    assert job.computed["pre_cfm50_used"] == pytest.approx(364, abs=0.01)


def test_demo_jobs_are_visible_to_the_demo_utility_user_once_completed():
    call_command("seed_demo")

    visible = selectors.jobs_visible_to(User.objects.get(username="demo-utility"))
    assert visible.count() == 3
    assert not visible.filter(status=Job.Status.IN_PROGRESS).exists()


def test_demo_inspector_has_one_assignment_after_any_number_of_runs():
    from qa_inspections.models import InspectionAssignment

    call_command("seed_demo")
    call_command("seed_demo")

    assignments = InspectionAssignment.objects.all()
    assert [a.inspector.username for a in assignments] == ["demo-inspector"]
    assert assignments[0].job.status != "in_progress"


def test_demo_company_administrator_manages_demo_techs_company():
    call_command("seed_demo")
    call_command("seed_demo")
    admin = User.objects.get(username="demo-company")
    tech = TechnicianProfile.objects.get(user__username="demo-tech")

    assert admin.administered_company == tech.company
    assert list(selectors.technicians_enterable_by(admin)) == [tech]
    assert set(selectors.jobs_visible_to(admin)) == set(Job.objects.filter(technician=tech))


def test_seed_demo_maps_every_demo_zip_code_to_zones_marked_as_demo_values():
    call_command("seed_demo")
    call_command("seed_demo")

    demo_zips = {zip_code for *_, zips in UTILITIES for zip_code in zips}
    zones = ClimateZone.objects.all()
    assert {zone.zip_code for zone in zones} == demo_zips == set(DEMO_ZONES)
    assert {zone.source for zone in zones} == {"DEMO VALUES — not BPA's assignment"}
    assert all(zone.heating_zone in (1, 2, 3) and zone.cooling_zone in (1, 2, 3) for zone in zones)


def test_seed_demo_keeps_a_zone_staff_corrected():
    call_command("seed_demo")
    ClimateZone.objects.filter(zip_code="98660").update(heating_zone=2, source="BPA list")

    call_command("seed_demo")

    assert ClimateZone.objects.get(zip_code="98660").heating_zone == 2


def test_the_demo_ground_source_job_is_checked_against_its_demo_zone():
    call_command("seed_demo")

    job = Job.objects.get(technician__user__username="demo-tech", measure_type="gshp")
    (zone_check,) = [c for c in job.checks if c["rule"] == "gshp.heating_zone"]
    # Prosser's demo zone is heating zone 2: in "heating zones 2 and 3 only" (003 L10177-10178).
    assert (zone_check["passed"], zone_check["message"]) == (True, "Heating zone 2 qualifies.")
    assert job.status == Job.Status.BPA_PENDING  # always reviewed (000 L29)
