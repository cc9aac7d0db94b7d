"""jobs.selectors: who sees which job, the write lookup, certification periods from status
rows, and the utilities serving a ZIP."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from jobs import facts, selectors
from jobs.models import Job
from technicians.models import Certification, CertificationStatusChange
from tests.accounts.factories import UtilityFactory
from tests.jobs.factories import JobFactory, SiteFactory
from tests.technicians.factories import CertificationFactory, TechnicianProfileFactory
from utilities.models import Utility

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")


@pytest.fixture
def jobs(technician, other_technician, benton_rea, pacific_power):
    """Tina's two Benton REA jobs and Oscar's two Pacific Power jobs, one of each in progress."""
    tina, oscar = technician.technician, other_technician.technician
    return {
        "tina_done": JobFactory(technician=tina, utility=benton_rea),
        "tina_wip": JobFactory(technician=tina, utility=benton_rea, status=Job.Status.IN_PROGRESS),
        "oscar_done": JobFactory(
            technician=oscar, utility=pacific_power, status=Job.Status.BPA_PENDING
        ),
        "oscar_wip": JobFactory(
            technician=oscar, utility=pacific_power, status=Job.Status.IN_PROGRESS
        ),
    }


# --- jobs_visible_to ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("technician", {"tina_done", "tina_wip"}),
        ("other_technician", {"oscar_done", "oscar_wip"}),
        # Utility users: their utility's completed jobs only (seed 000 L10).
        ("utility_user", {"tina_done"}),
        ("other_utility_user", {"oscar_done"}),
        ("staff", {"tina_done", "tina_wip", "oscar_done", "oscar_wip"}),
        # Energy Trust staff: Energy Trust territory (Pacific Power), whatever the status.
        ("energy_trust_staff", {"oscar_done", "oscar_wip"}),
        ("inspector", set()),
        ("trainer", set()),
    ],
)
def test_jobs_visible_to_each_persona(request, jobs, persona, visible):
    user = request.getfixturevalue(persona)

    seen = set(selectors.jobs_visible_to(user).values_list("pk", flat=True))

    assert seen == {jobs[name].pk for name in visible}


def test_anonymous_user_sees_no_jobs(jobs):
    assert not selectors.jobs_visible_to(AnonymousUser()).exists()


def test_deactivated_technician_sees_no_jobs(jobs, technician):
    technician.is_active = False
    technician.save(update_fields=["is_active"])

    assert not selectors.jobs_visible_to(technician).exists()


def test_utility_user_sees_the_job_once_it_is_completed(jobs, utility_user):
    job = jobs["tina_wip"]
    assert not selectors.jobs_visible_to(utility_user).filter(pk=job.pk).exists()

    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.BPA_APPROVED, completed_at=job.created_at
    )

    assert selectors.jobs_visible_to(utility_user).filter(pk=job.pk).exists()


# --- get_job_for_user ----------------------------------------------------------------------


def test_get_job_for_user_returns_a_visible_job(jobs, utility_user):
    job = jobs["tina_done"]

    assert selectors.get_job_for_user(utility_user, job.measure_id) == job


@pytest.mark.parametrize(
    ("persona", "job"),
    [
        ("utility_user", "oscar_done"),  # another utility's territory
        ("utility_user", "tina_wip"),  # not completed yet
        ("other_technician", "tina_done"),
        ("energy_trust_staff", "tina_done"),  # BPA territory
        ("inspector", "tina_done"),
    ],
)
def test_get_job_for_user_raises_404_for_an_invisible_job(request, jobs, persona, job):
    user = request.getfixturevalue(persona)

    with pytest.raises(Http404):
        selectors.get_job_for_user(user, jobs[job].measure_id)


def test_get_job_for_user_raises_404_for_a_number_that_is_not_a_measure_id(jobs, staff):
    with pytest.raises(Http404):
        selectors.get_job_for_user(staff, "12ab")
    with pytest.raises(Http404):
        selectors.get_job_for_user(staff, 9_999_999)


def test_write_lookup_refuses_a_user_who_may_only_read(jobs, utility_user):
    job = jobs["tina_done"]

    with pytest.raises(Http404):
        selectors.get_job_for_user(utility_user, job.measure_id, write=True)


@pytest.mark.parametrize(
    ("persona", "job"),
    [
        ("technician", "tina_wip"),  # the installing technician
        ("staff", "tina_wip"),  # PTCS staff edit any job (spec §1)
        ("energy_trust_staff", "oscar_done"),  # … Energy Trust staff in their territory
    ],
)
def test_write_lookup_allows_installer_and_staff(request, jobs, persona, job):
    user = request.getfixturevalue(persona)

    assert selectors.get_job_for_user(user, jobs[job].measure_id, write=True) == jobs[job]


# --- certification_facts -------------------------------------------------------------------


@pytest.fixture
def profile(db):
    return TechnicianProfileFactory()


def certify(
    profile,
    *,
    status=Certification.Status.ACTIVE,
    effective=datetime.date(2024, 1, 15),
    expiry=None,
):
    return CertificationFactory(
        technician=profile,
        cert_type="ptcs_heat_pump",
        status=status,
        effective_date=effective,
        expiry_date=expiry,
    )


def status_row(cert, to_status, at):
    """A status-change row dated ``at`` (local time): ``at`` is auto_now_add, so set it after."""
    row = CertificationStatusChange.objects.create(certification=cert, to_status=to_status)
    when = datetime.datetime.combine(at, datetime.time(10, 0), tzinfo=PACIFIC)
    if isinstance(at, datetime.datetime):
        when = at
    CertificationStatusChange.objects.filter(pk=row.pk).update(at=when)


def periods(profile):
    (fact,) = facts.certification_facts(profile)
    return fact


def d(text):
    return datetime.date.fromisoformat(text)


def test_active_certification_without_status_rows_is_active_from_its_effective_date(profile):
    certify(profile)

    fact = periods(profile)

    assert fact.cert_type == "ptcs_heat_pump"
    assert fact.active_periods == ((d("2024-01-15"), None),)
    assert not fact.active_on(d("2024-01-14"))
    assert fact.active_on(d("2024-01-15"))


def test_certification_only_applied_for_has_no_active_period(profile):
    cert = certify(profile, status=Certification.Status.APPLIED, effective=None)
    status_row(cert, Certification.Status.APPLIED, d("2024-01-10"))

    assert periods(profile).active_periods == ()


def test_backdated_effective_date_opens_the_first_period(profile):
    # Approved on 1 Feb with an effective date of 15 Jan (e.g. staff backdating to training).
    cert = certify(profile)
    status_row(cert, Certification.Status.APPLIED, d("2024-01-10"))
    status_row(cert, Certification.Status.ACTIVE, d("2024-02-01"))

    assert periods(profile).active_periods == ((d("2024-01-15"), None),)


def test_suspension_on_day_d_ends_the_period_the_day_before(profile):
    cert = certify(profile)
    status_row(cert, Certification.Status.ACTIVE, d("2024-01-15"))
    status_row(cert, Certification.Status.SUSPENDED, d("2024-03-01"))

    fact = periods(profile)

    assert fact.active_periods == ((d("2024-01-15"), d("2024-02-29")),)
    assert fact.active_on(d("2024-02-29"))
    assert not fact.active_on(d("2024-03-01"))


def test_suspension_late_in_the_local_day_still_counts_on_that_local_day(profile):
    # 17:00 in Prosser on 1 March is already 2 March in UTC.
    cert = certify(profile)
    status_row(cert, Certification.Status.ACTIVE, d("2024-01-15"))
    status_row(
        cert,
        Certification.Status.SUSPENDED,
        datetime.datetime(2024, 3, 1, 17, 0, tzinfo=PACIFIC),
    )

    fact = periods(profile)

    assert fact.active_periods == ((d("2024-01-15"), d("2024-02-29")),)
    assert not fact.active_on(d("2024-03-01"))


def test_reactivation_opens_a_new_period_leaving_the_suspension_uncovered(profile):
    cert = certify(profile)
    status_row(cert, Certification.Status.ACTIVE, d("2024-01-15"))
    status_row(cert, Certification.Status.SUSPENDED, d("2024-03-01"))
    status_row(cert, Certification.Status.ACTIVE, d("2024-05-01"))

    fact = periods(profile)

    assert fact.active_periods == (
        (d("2024-01-15"), d("2024-02-29")),
        (d("2024-05-01"), None),
    )
    assert not fact.active_on(d("2024-04-30"))
    assert fact.active_on(d("2024-05-01"))


def test_expiry_date_caps_the_open_period(profile):
    cert = certify(profile, expiry=d("2024-12-31"))
    status_row(cert, Certification.Status.ACTIVE, d("2024-01-15"))

    fact = periods(profile)

    assert fact.active_periods == ((d("2024-01-15"), d("2024-12-31")),)
    assert fact.active_on(d("2024-12-31"))
    assert not fact.active_on(d("2025-01-01"))


def test_expiry_date_drops_periods_that_start_after_it(profile):
    cert = certify(profile, expiry=d("2024-04-30"))
    status_row(cert, Certification.Status.ACTIVE, d("2024-01-15"))
    status_row(cert, Certification.Status.SUSPENDED, d("2024-03-01"))
    status_row(cert, Certification.Status.ACTIVE, d("2024-05-01"))

    assert periods(profile).active_periods == ((d("2024-01-15"), d("2024-02-29")),)


def test_expired_status_row_ends_the_period(profile):
    cert = certify(profile, status=Certification.Status.EXPIRED)
    status_row(cert, Certification.Status.ACTIVE, d("2024-01-15"))
    status_row(cert, Certification.Status.EXPIRED, d("2025-01-15"))

    fact = periods(profile)

    assert fact.active_periods == ((d("2024-01-15"), d("2025-01-14")),)
    assert fact.current_status == Certification.Status.EXPIRED


def test_certification_facts_lists_only_this_technicians_certifications(profile, technician):
    certify(profile)

    assert [f.cert_type for f in facts.certification_facts(profile)] == ["ptcs_heat_pump"]


# --- utilities_serving and the evaluation context -----------------------------------------


def test_utilities_serving_a_zip(benton_rea, pacific_power):
    pge = UtilityFactory(
        name="Portland General Electric",
        program_administrator=Utility.ProgramAdministrator.ENERGY_TRUST,
        zips=["97301"],
    )

    assert list(selectors.utilities_serving("99350")) == [benton_rea]
    assert list(selectors.utilities_serving("99350-1234")) == [benton_rea]
    assert list(selectors.utilities_serving("97301")) == [pacific_power, pge]
    assert list(selectors.utilities_serving("59801")) == []
    assert list(selectors.utilities_serving("")) == []


def test_evaluation_context_lists_other_completed_jobs_at_the_site(technician, pacific_power):
    profile = technician.technician
    site = SiteFactory(verified=False)
    done = JobFactory(technician=profile, site=site, measure_type=Job.MeasureType.ASHP)
    JobFactory(technician=profile, site=site, status=Job.Status.IN_PROGRESS)
    this = JobFactory(technician=profile, site=site, status=Job.Status.IN_PROGRESS)

    context = facts.evaluation_context(profile, site, pacific_power, exclude_job_id=this.pk)

    assert [j.measure_id for j in context.other_site_jobs] == [done.measure_id]
    assert context.address_verified is False
    assert context.program_administrator == "energy_trust"
    assert {c.cert_type for c in context.certifications} == {
        "ptcs_duct_sealing",
        "ptcs_heat_pump",
        "prescriptive_duct_sealing",
        "ground_source",
        "igshpa",
    }
