import pytest
from django.core import mail

from technicians import services
from technicians.models import (
    Application,
    Certification,
    CertificationStatusChange,
    Company,
    CompanyMembership,
    TechnicianProfile,
)
from tests.technicians.factories import application_data, pdf_upload

pytestmark = pytest.mark.django_db


def submit(user, **overrides):
    data = application_data(**overrides)
    return services.application_submit(
        actor=user,
        kind=data.pop("kind", Application.Kind.TECHNICIAN),
        data=data,
        proof=pdf_upload(),
    )


def test_submit_records_application_and_applied_certifications(applicant):
    application = submit(applicant)

    assert application.status == Application.Status.PENDING
    assert application.proof_content_type == "application/pdf"
    certs = Certification.objects.filter(technician__user=applicant)
    assert {c.cert_type: c.status for c in certs} == {
        "ptcs_heat_pump": "applied",
        "ptcs_duct_sealing": "applied",
    }
    assert applicant.technician.technician_id is None  # assigned on approval, not before


def test_second_pending_application_of_same_kind_is_refused(applicant):
    submit(applicant)
    with pytest.raises(services.ApplicationError, match="already have an application"):
        submit(applicant)
    assert Application.objects.filter(applicant=applicant).count() == 1


def test_technician_application_needs_a_certification(applicant):
    with pytest.raises(services.ApplicationError) as exc:
        submit(applicant, certifications_sought=[])
    assert "certifications_sought" in exc.value.message_dict
    assert not Application.objects.exists()


def test_alternative_path_needs_the_certification_named(applicant):
    with pytest.raises(services.ApplicationError) as exc:
        submit(applicant, training_path="alternative", alternative_certification="  ")
    assert "alternative_certification" in exc.value.message_dict


def test_utility_user_cannot_apply(utility_user):
    with pytest.raises(services.ApplicationError):
        submit(utility_user)


def test_approve_assigns_id_company_and_active_certifications(applicant, staff):
    application = submit(applicant)

    services.application_approve(application_id=application.pk, actor=staff)

    application.refresh_from_db()
    profile = TechnicianProfile.objects.get(user=applicant)
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == staff
    assert profile.technician_id >= TechnicianProfile.ID_OFFSET + 1
    assert profile.company.license_number == "YAKIMVH900KL"
    assert set(
        profile.certifications.filter(status="active").values_list("cert_type", flat=True)
    ) == {"ptcs_heat_pump", "ptcs_duct_sealing"}
    assert (
        CompanyMembership.objects.get(technician=profile, ended_on=None).company == profile.company
    )
    changes = CertificationStatusChange.objects.filter(certification__technician=profile)
    assert {(c.from_status, c.to_status) for c in changes} == {
        ("", "applied"),
        ("applied", "active"),
    }


def test_approval_emails_the_technician_id_once(
    applicant, staff, django_capture_on_commit_callbacks
):
    application = submit(applicant)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(application_id=application.pk, actor=staff)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    technician_id = str(TechnicianProfile.objects.get(user=applicant).technician_id)
    assert message.to == [applicant.email]
    assert technician_id in message.subject
    assert technician_id in message.body
    assert technician_id in message.alternatives[0][0]
    assert "PTCS Heat Pump" in message.body


def test_rejection_needs_a_reason_and_mails_it(
    applicant, staff, django_capture_on_commit_callbacks
):
    application = submit(applicant)
    with pytest.raises(services.ApplicationError):
        services.application_reject(application_id=application.pk, actor=staff, reason="  ")
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(
            application_id=application.pk, actor=staff, reason="Proof of training is not dated."
        )

    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert not Certification.objects.filter(technician__user=applicant).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]
    assert "Proof of training is not dated." in mail.outbox[0].body
    assert "Proof of training is not dated." in mail.outbox[0].alternatives[0][0]


def test_an_application_is_decided_only_once(applicant, staff):
    application = submit(applicant)
    services.application_approve(application_id=application.pk, actor=staff)
    with pytest.raises(services.ApplicationError, match="already approved"):
        services.application_reject(application_id=application.pk, actor=staff, reason="late")
    with pytest.raises(services.ApplicationError, match="already approved"):
        services.application_approve(application_id=application.pk, actor=staff)


@pytest.mark.parametrize(
    "persona", ["applicant", "energy_trust_staff", "utility_user", "inspector"]
)
def test_only_ptcs_staff_decide(persona, request, applicant):
    application = submit(applicant)
    actor = request.getfixturevalue(persona)
    with pytest.raises(services.ApplicationError, match="Only PTCS staff"):
        services.application_approve(application_id=application.pk, actor=actor)
    with pytest.raises(services.ApplicationError, match="Only PTCS staff"):
        services.application_reject(application_id=application.pk, actor=actor, reason="no")


def test_company_change_is_a_new_application_and_keeps_history(applicant, staff):
    first = submit(applicant)
    services.application_approve(application_id=first.pk, actor=staff)
    technician_id = TechnicianProfile.objects.get(user=applicant).technician_id

    second = submit(
        applicant,
        company_name="Tri-Cities Mechanical",
        company_license_number="TRICIME777PQ",
        certifications_sought=["ground_source"],
        explanation="Moved to Tri-Cities Mechanical; added IGSHPA.",
    )
    services.application_approve(application_id=second.pk, actor=staff)

    profile = TechnicianProfile.objects.get(user=applicant)
    assert profile.technician_id == technician_id  # same account, same ID
    assert profile.company.name == "Tri-Cities Mechanical"
    history = list(profile.memberships.order_by("started_on", "id"))
    assert [m.company.license_number for m in history] == ["YAKIMVH900KL", "TRICIME777PQ"]
    assert history[0].ended_on is not None
    assert history[1].ended_on is None
    assert set(
        profile.certifications.filter(status="active").values_list("cert_type", flat=True)
    ) == {
        "ptcs_heat_pump",
        "ptcs_duct_sealing",
        "ground_source",
    }


def test_same_license_number_joins_the_existing_company(applicant, other_technician, staff):
    existing = other_technician.technician.company
    application = submit(
        applicant,
        company_name="typed differently",
        company_license_number=existing.license_number.lower(),
    )
    services.application_approve(application_id=application.pk, actor=staff)
    assert TechnicianProfile.objects.get(user=applicant).company == existing
    assert Company.objects.filter(license_number__iexact=existing.license_number).count() == 1


def test_technician_ids_are_unique_and_never_reused(staff):
    from tests.accounts.factories import UserFactory

    ids = []
    for n in range(3):
        user = UserFactory(username=f"new-tech-{n}")
        application = submit(user)
        services.application_approve(application_id=application.pk, actor=staff)
        ids.append(TechnicianProfile.objects.get(user=user).technician_id)
    assert len(set(ids)) == 3
    assert ids == sorted(ids)


@pytest.mark.parametrize(
    ("kind", "flag"),
    [(Application.Kind.QA_INSPECTOR, "is_qa_inspector"), (Application.Kind.TRAINER, "is_trainer")],
)
def test_inspector_and_trainer_applications_grant_the_role(applicant, staff, kind, flag):
    from accounts.roles import roles_of

    application = submit(applicant, kind=kind, certifications_sought=[])
    assert application.certifications_sought == []
    services.application_approve(application_id=application.pk, actor=staff)
    applicant.refresh_from_db()
    assert getattr(applicant, flag) is True
    assert kind in roles_of(applicant)
    assert "technician" in roles_of(applicant)  # one account, both roles
