"""Company administrators: the company page, invitations to join, removing a
technician. Service rules first, then the pages."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jobs import selectors as job_selectors
from jobs import services as job_services
from jobs.models import Job
from technicians import services
from technicians.models import (
    Certification,
    CertificationType,
    CompanyInvitation,
    CompanyMembership,
)
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ashp_payload, duct_payload
from tests.technicians.factories import CertificationFactory, TechnicianProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(company_admin):
    return company_admin.administered_company


def invite(admin, user, **kwargs):
    return services.invitation_create(actor=admin, email=user.email, **kwargs)


def current_membership(user):
    return CompanyMembership.objects.get(technician__user=user, ended_on__isnull=True)


# --- Invitations ---------------------------------------------------------------------------


def test_invitation_is_emailed_once_with_its_link(
    company_admin, other_technician, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(company_admin, other_technician, name="Oscar")

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [other_technician.email]
    assert company_admin.administered_company.name in mail.subject
    link = f"/technicians/invitations/{invitation.token}/"
    assert link in mail.body
    assert "Hello Oscar" in mail.body
    assert link in mail.alternatives[0][0]
    invitation.refresh_from_db()
    assert invitation.emailed_at is not None
    assert len(invitation.token) >= 40  # secrets.token_urlsafe(32)

    from technicians.tasks import send_company_invitation

    assert send_company_invitation(invitation.pk) is False  # a retry finds nothing to claim
    assert len(mailoutbox) == 1


def test_accepting_moves_the_technician_and_keeps_their_past_jobs(
    company_admin, other_technician, benton_rea
):
    old_company = other_technician.technician.company
    past = job_services.job_submit(
        actor=other_technician, payload=duct_payload(street_address="9 Elm St"), action="complete"
    )
    invitation = invite(company_admin, other_technician)

    services.invitation_accept(actor=other_technician, invitation_id=invitation.pk)

    profile = other_technician.technician
    profile.refresh_from_db()
    assert profile.company == company_admin.administered_company
    new = current_membership(other_technician)
    assert (new.company, new.invitation) == (company_admin.administered_company, invitation)
    old = CompanyMembership.objects.get(technician=profile, company=old_company)
    assert old.ended_on == timezone.localdate()
    assert old.ended_by == other_technician
    assert "by invitation" in old.end_reason
    invitation.refresh_from_db()
    assert invitation.accepted_by == other_technician
    assert invitation.accepted_at is not None
    past.refresh_from_db()
    assert past.company == old_company  # the job stays the old company's
    assert list(job_selectors.jobs_visible_to(other_technician)) == [past]
    assert profile in job_selectors.technicians_enterable_by(company_admin)


def test_invitation_accepted_with_another_account_changes_nothing(
    company_admin, other_technician, technician
):
    invitation = invite(company_admin, other_technician)
    stranger = UserFactory(username="sid-stranger")

    with pytest.raises(services.CompanyError) as exc:
        services.invitation_accept(actor=stranger, invitation_id=invitation.pk)

    assert exc.value.code == "wrong_account"
    assert "sent to another e-mail address" in exc.value.messages[0]
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not hasattr(stranger, "technician") or stranger.technician is None


def test_the_email_match_ignores_case(company_admin, other_technician):
    invitation = services.invitation_create(
        actor=company_admin, email=other_technician.email.upper()
    )
    services.invitation_accept(actor=other_technician, invitation_id=invitation.pk)
    assert current_membership(other_technician).company == company_admin.administered_company


@pytest.mark.parametrize(
    ("days_later", "accepted"),
    [(13, True), (14, False), (15, False)],
    ids=["a-day-before-expiry", "at-expiry", "after-expiry"],
)
def test_invitation_expires_after_the_setting(
    company_admin, other_technician, settings, days_later, accepted
):
    settings.COMPANY_INVITATION_DAYS = 14
    with time_machine.travel(datetime.datetime(2030, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        invitation = invite(company_admin, other_technician)
    later = datetime.datetime(2030, 3, 1 + days_later, 12, tzinfo=datetime.UTC)
    with time_machine.travel(later, tick=False):
        if accepted:
            services.invitation_accept(actor=other_technician, invitation_id=invitation.pk)
        else:
            with pytest.raises(services.CompanyError) as exc:
                services.invitation_accept(actor=other_technician, invitation_id=invitation.pk)
            assert exc.value.code == "expired"
            assert "expired on March 15, 2030" in exc.value.messages[0]
    moved = current_membership(other_technician).company == company_admin.administered_company
    assert moved is accepted


def test_a_used_invitation_cannot_be_used_again(company_admin, other_technician):
    invitation = invite(company_admin, other_technician)
    services.invitation_accept(actor=other_technician, invitation_id=invitation.pk)

    with pytest.raises(services.CompanyError) as exc:
        services.invitation_accept(actor=other_technician, invitation_id=invitation.pk)

    assert exc.value.code == "used"
    assert CompanyMembership.objects.filter(technician__user=other_technician).count() == 2


def test_a_new_account_without_a_profile_joins_by_invitation(company_admin):
    newcomer = UserFactory(username="nina-newcomer")
    invitation = invite(company_admin, newcomer)

    services.invitation_accept(actor=newcomer, invitation_id=invitation.pk)

    newcomer.refresh_from_db()
    assert newcomer.technician.company == company_admin.administered_company
    assert newcomer.technician.technician_id is None  # certification still comes from PTCS
    # No Technician ID yet: nobody enters jobs for them.
    assert newcomer.technician not in job_selectors.technicians_enterable_by(company_admin)


def test_invitation_refused_for_a_current_technician_and_an_open_duplicate(
    company_admin, technician, other_technician
):
    with pytest.raises(services.CompanyError) as exc:
        invite(company_admin, technician)
    assert "already a technician of" in exc.value.message_dict["email"][0]

    invite(company_admin, other_technician)
    with pytest.raises(services.CompanyError) as exc:
        invite(company_admin, other_technician)
    assert "already has an open invitation" in exc.value.message_dict["email"][0]
    assert CompanyInvitation.objects.count() == 1


def test_only_company_administrators_invite(technician, other_technician):
    with pytest.raises(services.CompanyError):
        invite(technician, other_technician)
    assert not CompanyInvitation.objects.exists()


# --- Removing a technician -----------------------------------------------------------------


def test_removing_a_technician_ends_the_membership_and_keeps_the_jobs(
    company_admin, technician, benton_rea
):
    job = job_services.job_submit(actor=technician, payload=ashp_payload(), action="complete")
    company = company_admin.administered_company

    services.company_technician_remove(actor=company_admin, profile_id=technician.technician.pk)

    profile = technician.technician
    profile.refresh_from_db()
    assert profile.company is None
    ended = CompanyMembership.objects.get(technician=profile)
    assert ended.ended_on == timezone.localdate()
    assert ended.ended_by == company_admin
    assert "Removed from" in ended.end_reason
    assert list(job_selectors.jobs_visible_to(technician)) == [job]
    assert list(job_selectors.jobs_visible_to(company_admin)) == [job]
    job.refresh_from_db()
    assert job.company == company
    assert not job_selectors.technicians_enterable_by(company_admin).exists()


def test_an_administrator_cannot_remove_another_companys_technician(
    company_admin, other_technician
):
    with pytest.raises(services.CompanyError):
        services.company_technician_remove(
            actor=company_admin, profile_id=other_technician.technician.pk
        )
    assert current_membership(other_technician).ended_on is None


# --- Pages ---------------------------------------------------------------------------------


def _company_technicians(company, count):
    for n in range(count):
        profile = TechnicianProfileFactory(user__username=f"crew-{n}", company=company)
        CertificationFactory(
            technician=profile,
            cert_type=CertificationType.PTCS_HEAT_PUMP,
            expiry_date=datetime.date(2031, 1, 1),
        )
        CertificationFactory(technician=profile, cert_type=CertificationType.PTCS_DUCT_SEALING)


#: Session, user, company, technicians, certifications, former, invitations, and whether the
#: administrator may enter jobs (the site menu offers job entry only then).
COMPANY_PAGE_QUERIES = 8


@pytest.mark.parametrize("count", [1, 15])
def test_company_page_queries_do_not_grow_with_technicians(
    client, company_admin, company, other_technician, django_assert_num_queries, count
):
    _company_technicians(company, count)
    invite(company_admin, other_technician)
    gone = TechnicianProfileFactory(user__username="gone", company=company)
    services.company_technician_remove(actor=company_admin, profile_id=gone.pk)
    client.force_login(company_admin)

    with django_assert_num_queries(COMPANY_PAGE_QUERIES):
        response = client.get(reverse("technicians:company"))

    assert response.status_code == 200
    assert len(response.context["technicians"]) == count + 1  # with the ``technician`` persona
    assert len(response.context["former"]) == 1


@time_machine.travel(datetime.datetime(2030, 5, 1, 19, tzinfo=datetime.UTC), tick=False)
def test_company_page_highlights_expiring_and_expired_certifications(
    client, company_admin, technician
):
    certs = Certification.objects.filter(technician=technician.technician)
    certs.filter(cert_type=CertificationType.PTCS_HEAT_PUMP).update(
        expiry_date=datetime.date(2030, 6, 30)  # 60 days ahead: the first reminder is due
    )
    certs.filter(cert_type=CertificationType.PTCS_DUCT_SEALING).update(
        expiry_date=datetime.date(2030, 4, 30)  # yesterday
    )
    certs.filter(cert_type=CertificationType.GROUND_SOURCE).update(
        expiry_date=datetime.date(2030, 7, 1)  # 61 days ahead: not yet
    )
    client.force_login(company_admin)

    html = client.get(reverse("technicians:company")).content.decode()

    tid = technician.technician.technician_id

    def row(cert_type):
        start = html.index(f'data-testid="cert-{tid}-{cert_type}"')
        return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]

    assert "cert-expiring" in row("ptcs_heat_pump")
    assert "June 30, 2030" in row("ptcs_heat_pump")
    assert "cert-expired" in row("ptcs_duct_sealing")
    assert "cert-expiring" not in row("ground_source")
    assert "cert-expired" not in row("ground_source")


def test_invite_form_errors_come_back_on_the_page(client, company_admin, technician):
    client.force_login(company_admin)

    response = client.post(
        reverse("technicians:company-invite"), {"email": technician.email, "name": "Tina"}
    )

    assert response.status_code == 400
    assert "already a technician of" in response.content.decode()
    assert 'value="Tina"' in response.content.decode()
    assert not CompanyInvitation.objects.exists()


def test_invite_and_accept_through_the_pages(
    client, company_admin, other_technician, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(company_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("technicians:company-invite"), {"email": other_technician.email}
        )
    assert response.status_code == 302
    invitation = CompanyInvitation.objects.get()
    url = reverse("technicians:invitation", kwargs={"token": invitation.token})
    assert url in mailoutbox[0].body

    client.logout()
    response = client.get(url)
    assert response["Location"] == f"{reverse('account_login')}?next={url}"

    client.force_login(other_technician)
    page = client.get(url)
    assert page.status_code == 200
    assert f"Join {company_admin.administered_company.name}" in page.content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("technicians:me")
    assert current_membership(other_technician).company == company_admin.administered_company

    again = client.get(url)
    assert again.status_code == 410
    assert "already used" in again.content.decode()


def test_invitation_page_tells_another_account_and_changes_nothing(
    client, company_admin, other_technician, technician
):
    invitation = invite(company_admin, other_technician)
    client.force_login(technician)
    url = reverse("technicians:invitation", kwargs={"token": invitation.token})

    response = client.post(url)

    assert response.status_code == 403
    assert "sent to another e-mail address" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert client.get("/technicians/invitations/not-a-token/").status_code == 404


def test_remove_button_removes_the_technician(client, company_admin, technician):
    client.force_login(company_admin)

    response = client.post(
        reverse("technicians:company-remove", kwargs={"profile_id": technician.technician.pk}),
        follow=True,
    )

    assert "no longer works for" in response.content.decode()
    assert response.context["technicians"] == []
    assert len(response.context["former"]) == 1
    assert Job.objects.count() == 0  # nothing else touched
