"""jobs.services against the database: measure IDs, statuses and their rows, save/complete,
who may complete, certification on the install date, sites, utilities and history."""

import datetime
import zoneinfo
from unittest import mock

import pytest
import time_machine
from django.http import Http404

from jobs import services
from jobs.models import MEASURE_ID_OFFSET, Job, JobStatusChange, Site
from tests.jobs.factories import ashp_payload, duct_payload, gshp_payload
from utilities.models import ClimateZone

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")

MEADE = {"street_address": "1200 N Meade Ave"}
MEADE_TYPED_DIFFERENTLY = {"street_address": "1200 N. Meade Avenue", "city": "PROSSER"}


def complete(user, payload, **kwargs):
    return services.job_submit(actor=user, payload=payload, action="complete", **kwargs)


def save_progress(user, payload, **kwargs):
    return services.job_submit(actor=user, payload=payload, action="save_progress", **kwargs)


def failed_rules(job):
    return {c["rule"] for c in job.failed_checks}


def field_errors(exc_info):
    return exc_info.value.message_dict


# --- A complete job, its measure ID and its status row -------------------------------------


def test_complete_ashp_is_bpa_approved_conversion_with_seven_digit_measure_id(
    technician, benton_rea
):
    job = complete(technician, ashp_payload())

    assert job.measure_id > MEASURE_ID_OFFSET
    assert len(str(job.measure_id)) == 7
    assert 1_000_001 <= job.measure_id <= 9_999_999
    assert job.status == Job.Status.BPA_APPROVED
    assert job.category == "conversion"  # replaces an electric forced-air furnace
    assert job.failed_checks == []
    assert job.completed_at is not None
    assert job.utility == benton_rea
    assert job.technician.user == technician
    assert job.entered_by == technician


def test_completion_records_a_status_change_from_nothing_with_actor_and_ruleset(
    technician, benton_rea
):
    job = complete(technician, ashp_payload())

    change = JobStatusChange.objects.get(job=job)
    assert (change.from_status, change.to_status) == ("", Job.Status.BPA_APPROVED)
    assert change.actor == technician
    assert change.ruleset == job.ruleset == "ptcs-2019-10"
    assert change.reasons == []


def test_technicians_company_is_recorded_on_the_job(technician, benton_rea):
    job = complete(technician, ashp_payload())

    assert job.company is not None
    assert job.company == technician.technician.company


def test_measure_ids_strictly_increase_across_jobs(technician, benton_rea):
    ids = [
        complete(technician, ashp_payload(street_address=f"{number} W Sixth St")).measure_id
        for number in (101, 102, 103)
    ]

    assert ids == sorted(ids)
    assert len(set(ids)) == 3


def test_measure_id_of_a_deleted_job_is_never_issued_again(technician, benton_rea):
    first = complete(technician, ashp_payload())
    first_id = first.measure_id
    first.delete()

    second = complete(technician, ashp_payload(street_address="300 Wine Country Rd"))

    assert second.measure_id > first_id


def test_refused_submit_writes_no_job_and_no_site(other_technician, benton_rea):
    # Oscar holds only a duct sealing certification.
    with pytest.raises(services.JobError):
        complete(other_technician, ashp_payload(street_address="77 Nowhere Rd"))

    assert not Job.objects.exists()
    assert not Site.objects.exists()
    assert not JobStatusChange.objects.exists()


def test_failure_after_measure_id_allocation_rolls_back_and_next_job_gets_a_higher_id(
    technician, benton_rea
):
    earlier = complete(technician, ashp_payload(street_address="10 First St"))

    with (
        mock.patch.object(JobStatusChange, "record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        complete(technician, ashp_payload(street_address="20 Second St"))

    assert list(Job.objects.values_list("measure_id", flat=True)) == [earlier.measure_id]
    assert not Site.objects.filter(street_address__contains="SECOND").exists()
    later = complete(technician, ashp_payload(street_address="30 Third St"))
    assert later.measure_id > earlier.measure_id


# --- Save Progress, then Complete ----------------------------------------------------------

PARTIAL = {
    "measure_type": "duct_sealing_ptcs",
    "install_date": "2024-06-03",
    "street_address": "415 Sixth St",
    "city": "Prosser",
    "state": "WA",
    "zip_code": "99350",
    "home_type": "existing_site_built",
}


def test_save_progress_accepts_partial_data_as_in_progress(technician, benton_rea):
    job = save_progress(technician, PARTIAL)

    assert job.status == Job.Status.IN_PROGRESS
    assert job.completed_at is None
    assert job.utility is None
    assert job.data["home_type"] == "existing_site_built"
    assert job.data["pre_cfm50"] is None
    change = job.status_changes.get()
    assert (change.from_status, change.to_status) == ("", Job.Status.IN_PROGRESS)


def test_save_progress_keeps_the_checks_of_questions_not_answered_yet_as_such(
    technician, benton_rea
):
    # Nothing typed yet about the heating, the ducts or the tests: those checks wait for
    # their answers; none has failed, so none is a reason on the status change either.
    job = save_progress(technician, PARTIAL)

    assert job.failed_checks == []
    assert job.status_changes.get().reasons == []
    waiting = {c["rule"]: c for c in job.unanswered_checks}
    assert set(waiting) == {
        "duct.electric_heat",
        "duct.unconditioned_supply_30pct",
        "duct.specification_requirements",
        "duct.leakage_readings",
    }
    assert waiting["duct.specification_requirements"]["message"] == (
        "Not answered yet: Sealing meets specification requirements (sections 1–9)."
    )
    assert all(c["effect"] is None and not c["passed"] for c in waiting.values())


def test_an_answer_saved_in_progress_then_completed_passes_or_fails(technician, benton_rea):
    saved = save_progress(technician, ashp_payload(hspf=None, seer=None))
    efficiency = next(c for c in saved.checks if c["rule"] == "hp.efficiency")
    assert efficiency["answered"] is False
    assert efficiency["message"] == "Not answered yet: HSPF and SEER."
    assert saved.category == ""  # conversion, upgrade or CC&S only: not known yet

    job = services.job_complete(
        actor=technician,
        measure_id=saved.measure_id,
        payload={"hspf": "8.9", "seer": "16"},  # 8.8 ≤ HSPF < 9.0 (2023 federal, program)
    )

    assert job.status == Job.Status.PTCS_CERTIFIED_ONLY
    assert failed_rules(job) == {"hp.efficiency"}
    assert all(c["answered"] for c in job.checks)
    assert job.category == "ccs"


def test_save_progress_still_refuses_values_of_the_wrong_type(technician, benton_rea):
    with pytest.raises(services.JobError) as exc:
        save_progress(technician, {**PARTIAL, "pre_cfm50": "lots"})

    assert "pre_cfm50" in field_errors(exc)
    assert not Job.objects.exists()


def test_installing_technician_completes_saved_job_keeping_its_measure_id(technician, benton_rea):
    saved = save_progress(technician, PARTIAL)

    job = services.job_complete(
        actor=technician,
        measure_id=saved.measure_id,
        payload=duct_payload(street_address="415 Sixth St"),
    )

    assert job.pk == saved.pk
    assert job.measure_id == saved.measure_id
    assert job.site_id == saved.site_id
    assert job.status == Job.Status.BPA_APPROVED
    assert job.completed_at is not None
    assert [(c.from_status, c.to_status) for c in job.status_changes.all()] == [
        ("", Job.Status.IN_PROGRESS),
        (Job.Status.IN_PROGRESS, Job.Status.BPA_APPROVED),
    ]


def test_completing_a_partial_job_lists_every_missing_field(technician, benton_rea):
    saved = save_progress(technician, {**PARTIAL, "electric_utility": "Benton REA"})

    with pytest.raises(services.JobError) as exc:
        services.job_complete(actor=technician, measure_id=saved.measure_id)

    errors = field_errors(exc)
    assert {"heated_area_sqft", "duct_type", "post_cfm50", "meets_specification"} <= set(errors)
    saved.refresh_from_db()
    assert saved.status == Job.Status.IN_PROGRESS


def test_saving_progress_again_keeps_the_measure_id(technician, benton_rea):
    saved = save_progress(technician, PARTIAL)

    again = save_progress(technician, {**PARTIAL, "heated_area_sqft": "1500"}, job=saved)

    assert again.measure_id == saved.measure_id
    assert Job.objects.count() == 1
    assert again.data["heated_area_sqft"] == 1500
    # No status change, so no second row.
    assert again.status_changes.count() == 1


def test_another_technician_cannot_complete_the_job(technician, other_technician, benton_rea):
    saved = save_progress(technician, PARTIAL)

    with pytest.raises(Http404):
        services.job_complete(actor=other_technician, measure_id=saved.measure_id)
    with pytest.raises(services.JobError, match="installing technician"):
        complete(other_technician, duct_payload(street_address="415 Sixth St"), job=saved)

    saved.refresh_from_db()
    assert saved.status == Job.Status.IN_PROGRESS


def test_staff_cannot_complete_a_job_as_the_technician(technician, staff, benton_rea):
    saved = save_progress(technician, PARTIAL)

    with pytest.raises(services.JobError, match="installing technician"):
        services.job_complete(
            actor=staff,
            measure_id=saved.measure_id,
            payload=duct_payload(street_address="415 Sixth St"),
        )

    saved.refresh_from_db()
    assert saved.status == Job.Status.IN_PROGRESS
    assert saved.completed_at is None


def test_completed_job_cannot_be_saved_or_completed_again(technician, benton_rea):
    job = complete(technician, ashp_payload())

    with pytest.raises(services.JobError, match="Only an In Progress job"):
        save_progress(technician, ashp_payload(), job=job)
    with pytest.raises(services.JobError, match="Only an In Progress job"):
        services.job_complete(actor=technician, measure_id=job.measure_id)


def test_measure_type_of_a_saved_job_cannot_change(technician, benton_rea):
    saved = save_progress(technician, PARTIAL)

    with pytest.raises(services.JobError) as exc:
        save_progress(technician, {**PARTIAL, "measure_type": "ashp"}, job=saved)

    assert "measure_type" in field_errors(exc)


def test_saving_records_a_historical_row_each_time(technician, benton_rea):
    saved = save_progress(technician, PARTIAL)
    assert saved.history.count() == 1

    services.job_complete(
        actor=technician,
        measure_id=saved.measure_id,
        payload=duct_payload(street_address="415 Sixth St"),
    )

    assert saved.history.count() == 2
    latest = saved.history.latest()
    assert latest.status == Job.Status.BPA_APPROVED
    assert latest.measure_id == saved.measure_id


# --- Certified for the measure on the install date -----------------------------------------


@pytest.mark.parametrize(
    ("install_date", "accepted"),
    [
        ("2024-01-14", False),  # the day before the certification's effective date
        ("2024-01-15", True),  # effective date itself
        ("2024-01-16", True),
    ],
)
def test_technician_must_be_certified_on_the_install_date(
    technician, benton_rea, install_date, accepted
):
    payload = ashp_payload(install_date=install_date)
    if accepted:
        assert complete(technician, payload).status == Job.Status.BPA_APPROVED
        return
    with pytest.raises(services.JobError) as exc:
        complete(technician, payload)
    assert "tech_id" in field_errors(exc)
    assert "not active on the install date 2024-01-14" in field_errors(exc)["tech_id"][0]
    assert not Job.objects.exists()
    assert not Site.objects.exists()


def test_technician_without_the_measures_certification_cannot_complete_it(
    other_technician, benton_rea
):
    # Oscar holds PTCS duct sealing only (spec §2: a job is entered only for a measure the
    # technician was certified for on the install date).
    with pytest.raises(services.JobError) as exc:
        complete(other_technician, ashp_payload())

    assert field_errors(exc)["tech_id"] == [
        "The installing technician has no PTCS Heat Pump certification, "
        "so this job cannot be completed."
    ]
    assert not Job.objects.exists()
    assert not Site.objects.exists()


def test_uncertified_measure_can_be_saved_in_progress_and_shows_why_it_is_stuck(
    other_technician, benton_rea
):
    saved = save_progress(other_technician, ashp_payload())

    assert saved.status == Job.Status.IN_PROGRESS
    blocking = [c for c in saved.checks if c["blocking"] and not c["passed"]]
    assert [c["rule"] for c in blocking] == ["technician.certified_on_install_date"]
    with pytest.raises(services.JobError) as exc:
        services.job_complete(actor=other_technician, measure_id=saved.measure_id)
    assert "cannot be completed" in field_errors(exc)["tech_id"][0]
    saved.refresh_from_db()
    assert saved.status == Job.Status.IN_PROGRESS


def test_duct_only_technician_can_enter_duct_sealing(other_technician, benton_rea):
    job = complete(other_technician, duct_payload())

    assert job.status == Job.Status.BPA_APPROVED


def test_jobs_are_entered_only_under_ones_own_technician_id(
    technician, other_technician, benton_rea
):
    with pytest.raises(services.JobError) as exc:
        complete(technician, ashp_payload(tech_id=str(other_technician.technician.technician_id)))

    assert "own PTCS Technician ID" in field_errors(exc)["tech_id"][0]


def test_accounts_without_a_technician_id_cannot_enter_jobs(utility_user, benton_rea):
    with pytest.raises(services.JobError) as exc:
        complete(utility_user, ashp_payload())

    assert "tech_id" in field_errors(exc)
    assert not Job.objects.exists()


# --- Install date -----------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2025, 3, 1, 23, 30, tzinfo=PACIFIC))
def test_install_date_today_is_accepted_and_tomorrow_is_not(technician, benton_rea):
    # 23:30 in Prosser is already 2 March in UTC: "today" is the local date.
    job = complete(technician, ashp_payload(install_date="2025-03-01"))
    assert job.install_date == datetime.date(2025, 3, 1)

    with pytest.raises(services.JobError) as exc:
        complete(technician, ashp_payload(install_date="2025-03-02", street_address="9 Other Rd"))
    assert field_errors(exc)["install_date"] == ["The install date cannot be in the future."]


def test_install_date_before_2000_is_refused(technician, benton_rea):
    with pytest.raises(services.JobError) as exc:
        save_progress(technician, {**PARTIAL, "install_date": "1999-12-31"})

    assert field_errors(exc)["install_date"] == ["The install date cannot be before 2000."]


# --- Sites: one measure per family, unverified addresses ---------------------------------


@pytest.mark.parametrize(
    ("heated_area_sqft", "status"),
    [
        ("4500", Job.Status.BPA_PENDING),  # "> 4,500 sq ft" (003 L10013-10016): 4,500 is not
        ("4501", Job.Status.BPA_APPROVED),
    ],
)
def test_second_heat_pump_at_the_same_site_typed_differently(
    technician, benton_rea, heated_area_sqft, status
):
    first = complete(technician, ashp_payload(**MEADE))

    second = complete(
        technician, ashp_payload(heated_area_sqft=heated_area_sqft, **MEADE_TYPED_DIFFERENTLY)
    )

    assert second.site_id == first.site_id
    assert Site.objects.count() == 1
    assert second.status == status
    assert ("site.one_measure_per_family" in failed_rules(second)) == (
        status == Job.Status.BPA_PENDING
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("7917 6th St", "7917 Sixth St"),
        ("7917 Sixth St", "7917 6TH ST"),
        ("7917 North Sixth Street", "7917 N 6th St"),
        ("7917 Twenty-First Ave", "7917 21st Ave"),
    ],
)
def test_a_numbered_street_in_words_or_figures_is_one_home_for_the_second_heat_pump(
    technician, benton_rea, first, second
):
    earlier = complete(technician, ashp_payload(street_address=first))

    later = complete(technician, ashp_payload(street_address=second))

    assert later.site_id == earlier.site_id
    assert Site.objects.count() == 1
    assert earlier.status == Job.Status.BPA_APPROVED
    assert later.status == Job.Status.BPA_PENDING  # one measure per home: staff review
    assert failed_rules(later) == {"site.one_measure_per_family"}
    # The site keeps the address as it was first typed.
    assert later.site.street_address == earlier.site.street_address


def test_second_measure_at_the_site_names_the_first_job(technician, benton_rea):
    first = complete(technician, ashp_payload(**MEADE))

    second = complete(technician, ashp_payload(**MEADE_TYPED_DIFFERENTLY))

    reason = second.status_changes.get().reasons
    assert [r["rule"] for r in reason] == ["site.one_measure_per_family"]
    assert str(first.measure_id) in reason[0]["message"]


def test_duct_sealing_after_a_heat_pump_at_the_same_site_is_a_different_family(
    technician, benton_rea
):
    complete(technician, ashp_payload(**MEADE))

    duct = complete(technician, duct_payload(**MEADE_TYPED_DIFFERENTLY))

    assert duct.status == Job.Status.BPA_APPROVED


def test_an_in_progress_job_at_the_site_does_not_count_as_the_first_measure(technician, benton_rea):
    save_progress(technician, ashp_payload(**MEADE))

    job = complete(technician, ashp_payload(**MEADE_TYPED_DIFFERENTLY))

    assert job.status == Job.Status.BPA_APPROVED


def test_unparseable_address_is_kept_as_typed_and_sent_to_review(technician, benton_rea):
    job = complete(technician, ashp_payload(street_address="Lot 12 Sunny Acres"))

    site = job.site
    assert site.street_address == "Lot 12 Sunny Acres"
    assert site.verified is False
    assert "could not verify" in site.verification_note
    assert job.status == Job.Status.BPA_PENDING
    assert failed_rules(job) == {"site.address_verified"}


# --- Electric utility --------------------------------------------------------------------


def test_utility_not_serving_the_zip_is_refused_naming_the_ones_that_do(
    technician, benton_rea, pacific_power
):
    with pytest.raises(services.JobError) as exc:
        complete(technician, ashp_payload(electric_utility="Pacific Power"))

    (message,) = field_errors(exc)["electric_utility"]
    assert "does not serve ZIP 99350" in message
    assert "Benton REA" in message
    assert not Job.objects.exists()


def test_utility_may_be_named_in_any_case(technician, benton_rea):
    job = complete(technician, ashp_payload(electric_utility="benton rea"))

    assert job.utility == benton_rea


def test_zip_no_utility_serves_can_be_saved_but_not_completed_without_a_utility(
    technician, benton_rea
):
    missoula = {"city": "Missoula", "state": "MT", "zip_code": "59801"}
    saved = save_progress(technician, {**PARTIAL, **missoula})
    assert saved.utility is None

    with pytest.raises(services.JobError) as exc:
        services.job_complete(
            actor=technician,
            measure_id=saved.measure_id,
            payload=duct_payload(street_address="415 Sixth St", electric_utility="", **missoula),
        )
    assert field_errors(exc)["electric_utility"] == [
        "Choose the electric utility serving this site."
    ]

    with pytest.raises(services.JobError) as exc:
        services.job_complete(
            actor=technician,
            measure_id=saved.measure_id,
            payload=duct_payload(street_address="415 Sixth St", **missoula),
        )
    assert "No utility in the registry serves this ZIP" in field_errors(exc)["electric_utility"][0]
    saved.refresh_from_db()
    assert saved.status == Job.Status.IN_PROGRESS


# --- The site's heating zone in the live preview ----------------------------------------------


@pytest.mark.parametrize(
    ("zip_code", "message"),
    [
        ("99350", "Heating zone 2 qualifies."),
        ("99336", "ZIP 99336 is not in the registry's zone map; "),
    ],
)
def test_the_preview_of_a_new_site_reads_its_zip_codes_zone(technician, zip_code, message):
    # A new address: the preview's site is not saved, but its ZIP code still finds its zones.
    ClimateZone.objects.create(zip_code="99350", heating_zone=2, cooling_zone=3)

    _, decision = services.preview(
        actor=technician, payload=gshp_payload(street_address="77 New Rd", zip_code=zip_code)
    )

    (zone_check,) = [c for c in decision.checks if c.rule == "gshp.heating_zone"]
    assert zone_check.message.startswith(message)
    assert not Site.objects.exists()
