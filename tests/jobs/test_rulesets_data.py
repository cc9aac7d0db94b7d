"""Rule sets held as data: jobs.RuleSetRecord, its seeds, its validation, the engine
reading it through jobs.selectors.active_rulesets, and the staff review page."""

import datetime
import importlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobs import facts, services
from jobs.models import Job, RuleSetRecord
from jobs.rules.ruleset import (
    BUILTIN_RULESETS,
    PTCS_2015_2017,
    PTCS_2019,
    ruleset_from_record,
    ruleset_to_record_values,
)
from technicians.models import Certification
from tests.jobs.factories import ashp_payload

MIGRATION = importlib.import_module("jobs.migrations.0015_federal_minimums_and_seer2")
#: The migration before it names three registry choices in every stored set.
CHOICES = importlib.import_module("jobs.migrations.0014_registry_choice_values")


def _stored(values: dict) -> dict:
    """A seeded set's values as 0015 finds them: with the registry choices 0014 added."""
    return {**values, **CHOICES.NEW_VALUES}


SEEDED = importlib.import_module("jobs.migrations.0006_seed_rulesets")


def _from(rs, values):
    return ruleset_from_record(
        key=rs.key,
        name=rs.name,
        effective_from=rs.effective_from,
        effective_to=rs.effective_to,
        sources=list(rs.sources),
        values=values,
    )


@pytest.mark.parametrize("rs", BUILTIN_RULESETS, ids=lambda rs: rs.key)
def test_round_trip_of_a_builtin_rule_set(rs):
    values = ruleset_to_record_values(rs)

    assert _from(rs, values) == rs
    assert values["pre_ok_post_fail_effect"] == "rejected"
    assert set(values["mh_pre_min_cfm50"]) == {"1", "2", "3"}
    assert "key" not in values
    assert "sources" not in values


def test_a_record_missing_or_adding_a_threshold_or_mistyped_is_refused():
    values = ruleset_to_record_values(PTCS_2019)
    with pytest.raises(ValueError, match="Missing thresholds: hp_min_hspf"):
        _from(PTCS_2019, {k: v for k, v in values.items() if k != "hp_min_hspf"})
    with pytest.raises(ValueError, match="Unknown thresholds: typo"):
        _from(PTCS_2019, values | {"typo": 1})
    with pytest.raises(ValueError, match="non_electric_duct_effect"):
        _from(PTCS_2019, values | {"non_electric_duct_effect": "maybe"})
    with pytest.raises(ValueError, match="max_balance_point_f"):
        _from(PTCS_2019, values | {"max_balance_point_f": "thirty"})


# --- The federal minimum table as data ----------------------------------------------------


def test_the_federal_minimums_are_stored_as_dated_rows_with_their_standard():
    """8.2 HSPF from 1 Jan 2015 is seed 003 L913-915; the other figures are outside the seeds."""
    values = ruleset_to_record_values(PTCS_2019)

    assert values["federal_minimums"] == [
        {
            "effective_from": "2006-01-23",
            "seer": 13.0,
            "hspf": 7.7,
            "seer2": None,
            "hspf2": None,
            "standard": "DOE standard of 23 Jan 2006",
        },
        {
            "effective_from": "2015-01-01",
            "seer": 14.0,
            "hspf": 8.2,
            "seer2": None,
            "hspf2": None,
            "standard": "DOE standard of 1 Jan 2015",
        },
        {
            "effective_from": "2023-01-01",
            "seer": 15.0,
            "hspf": 8.8,
            "seer2": 14.3,
            "hspf2": 7.5,
            "standard": "DOE standard of 1 Jan 2023",
        },
    ]
    assert (values["hp_min_seer2"], values["hp_min_hspf2"]) == (13.4, 7.7)
    assert "federal_min_hspf" not in values
    assert "federal_min_seer" not in values


def _with_rows(rows):
    return ruleset_to_record_values(PTCS_2019) | {"federal_minimums": rows}


def _row(**changes):
    row = {
        "effective_from": "2015-01-01",
        "seer": 14.0,
        "hspf": 8.2,
        "seer2": None,
        "hspf2": None,
        "standard": "DOE standard of 1 Jan 2015",
    }
    return {k: v for k, v in (row | changes).items() if v != "-"}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("14 SEER", "federal_minimums: '14 SEER' is not a list of federal minimums."),
        ([], "federal_minimums: [] is not a list of federal minimums."),
        (["2015"], "federal_minimums[0]: '2015' is not a mapping of effective_from, seer"),
        ([_row(standard="-")], "federal_minimums[0]: missing standard."),
        ([_row(eer=11)], "federal_minimums[0]: unknown eer."),
        (
            [_row(effective_from="1/1/2015")],
            "federal_minimums[0].effective_from: '1/1/2015' is not a date (YYYY-MM-DD).",
        ),
        ([_row(), _row(seer="fourteen")], "federal_minimums[1].seer: 'fourteen' is not a number."),
        ([_row(hspf=0)], "federal_minimums[0].hspf: 0 is not above zero."),
        ([_row(seer2=14.3)], "federal_minimums[0]: give both seer2 and hspf2, or neither."),
        ([_row(standard=" ")], "federal_minimums[0].standard: name the DOE standard"),
        ([_row(), _row()], "federal_minimums: more than one row from 2015-01-01."),
    ],
    ids=[
        "not-a-list",
        "empty",
        "row-not-a-mapping",
        "row-missing-a-key",
        "row-unknown-key",
        "bad-date",
        "text-for-a-number",
        "zero",
        "seer2-without-hspf2",
        "blank-standard",
        "same-date-twice",
    ],
)
def test_a_bad_federal_minimum_table_is_refused_with_a_readable_message(rows, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        _from(PTCS_2019, _with_rows(rows))


def test_federal_minimum_rows_are_read_in_date_order():
    rows = list(reversed(ruleset_to_record_values(PTCS_2019)["federal_minimums"]))

    assert _from(PTCS_2019, _with_rows(rows)) == PTCS_2019


# --- The migration of stored rule sets ------------------------------------------------------


@pytest.mark.parametrize("record", SEEDED.RECORDS, ids=lambda r: r["key"])
def test_the_migration_turns_the_seeded_values_into_the_builtins(record):
    builtin = next(rs for rs in BUILTIN_RULESETS if rs.key == record["key"])

    assert MIGRATION.converted(_stored(record["values"])) == ruleset_to_record_values(builtin)


def test_the_migration_keeps_a_staff_changed_federal_minimum_as_the_2015_row():
    old = _stored(SEEDED.RECORDS[1]["values"]) | {"federal_min_hspf": 8.0, "federal_min_seer": 13.0}

    new = MIGRATION.converted(old)

    row = next(r for r in new["federal_minimums"] if r["effective_from"] == "2015-01-01")
    assert (row["seer"], row["hspf"]) == (13.0, 8.0)
    assert _from(PTCS_2019, new).federal_minimums[1].hspf == 8.0


@pytest.mark.parametrize("record", SEEDED.RECORDS, ids=lambda r: r["key"])
def test_the_migration_reverses_to_the_single_federal_minimum(record):
    stored = _stored(record["values"])
    assert MIGRATION.restored(MIGRATION.converted(stored)) == stored


def test_the_frozen_table_matches_the_builtin_one():
    """The migration froze the table as the engine had it when it was written."""
    builtin = ruleset_to_record_values(PTCS_2015_2017)["federal_minimums"]

    assert builtin == MIGRATION.FEDERAL_MINIMUMS


# --- The seeded records ----------------------------------------------------------------------


@pytest.mark.django_db
def test_seeded_records_equal_the_builtins():
    records = RuleSetRecord.objects.order_by("effective_from")

    assert [r.key for r in records] == ["ptcs-2017", "ptcs-2019-10"]
    assert all(r.active for r in records)
    assert tuple(r.to_ruleset() for r in records) == BUILTIN_RULESETS
    assert facts.active_rulesets() == BUILTIN_RULESETS


@pytest.mark.django_db
def test_empty_table_falls_back_to_the_builtins():
    RuleSetRecord.objects.all().delete()

    assert facts.active_rulesets() == BUILTIN_RULESETS


# --- The engine reads the records ------------------------------------------------------------


@pytest.fixture
def certified_since_2015(technician):
    Certification.objects.filter(technician__user=technician).update(
        effective_date=datetime.date(2015, 1, 1)
    )
    return technician


def _complete(user, install_date, **overrides):
    payload = ashp_payload(install_date=install_date.isoformat(), **overrides)
    return services.job_submit(actor=user, payload=payload, action="complete")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("install_date", "ruleset", "status"),
    [
        (datetime.date(2019, 9, 30), "ptcs-2017", Job.Status.BPA_PENDING),
        (datetime.date(2019, 10, 1), "ptcs-2019-10", Job.Status.REJECTED),
    ],
    ids=["2019-09-30-pending", "2019-10-01-rejected"],
)
def test_the_october_2019_boundary_through_the_database(
    certified_since_2015, benton_rea, install_date, ruleset, status
):
    job = _complete(certified_since_2015, install_date, balance_point_f="33")

    assert job.ruleset == ruleset
    assert job.status == status
    assert "hp.balance_point" in {c["rule"] for c in job.failed_checks}


@pytest.mark.django_db
def test_changing_a_threshold_in_the_database_changes_a_new_jobs_status(
    certified_since_2015, benton_rea
):
    install = datetime.date(2020, 5, 4)
    before = _complete(certified_since_2015, install, balance_point_f="33")
    record = RuleSetRecord.objects.get(key="ptcs-2019-10")
    record.values["max_balance_point_f"] = 34
    record.full_clean()
    record.save()

    after = _complete(certified_since_2015, install, balance_point_f="33")

    assert before.status == Job.Status.REJECTED
    assert after.status == Job.Status.BPA_APPROVED
    assert after.ruleset == "ptcs-2019-10"
    before.refresh_from_db()
    assert before.status == Job.Status.REJECTED  # existing jobs are not re-evaluated


# --- Validation --------------------------------------------------------------------------------


def _record(**overrides):
    fields = {
        "key": "ptcs-2021",
        "name": "A later set",
        "effective_from": datetime.date(2021, 1, 1),
        "effective_to": None,
        "sources": ["Program change of 1 Jan 2021"],
        "values": ruleset_to_record_values(PTCS_2019),
        "active": True,
    }
    return RuleSetRecord(**(fields | overrides))


@pytest.mark.django_db
def test_overlapping_active_periods_are_refused_with_a_readable_message():
    with pytest.raises(ValidationError) as exc_info:
        _record().full_clean()

    message = " ".join(exc_info.value.messages)
    assert "overlaps the active rule set ptcs-2019-10 (2019-10-01 to open-ended)" in message


@pytest.mark.django_db
def test_an_inactive_or_adjoining_set_is_accepted():
    _record(active=False).full_clean()
    RuleSetRecord.objects.filter(key="ptcs-2019-10").update(
        effective_to=datetime.date(2020, 12, 31)
    )
    _record().full_clean()


@pytest.mark.django_db
def test_an_overlap_inside_a_closed_period_is_refused():
    record = _record(
        effective_from=datetime.date(2016, 1, 1), effective_to=datetime.date(2016, 12, 31)
    )
    with pytest.raises(ValidationError, match="ptcs-2017"):
        record.full_clean()


@pytest.mark.django_db
def test_unreadable_values_and_reversed_periods_are_refused():
    with pytest.raises(ValidationError) as exc_info:
        _record(active=False, values={"hp_min_hspf": 9}).full_clean()
    assert "Missing thresholds" in exc_info.value.message_dict["values"][0]
    with pytest.raises(ValidationError) as exc_info:
        _record(
            active=False,
            effective_from=datetime.date(2022, 1, 1),
            effective_to=datetime.date(2021, 1, 1),
        ).full_clean()
    assert "effective_to" in exc_info.value.message_dict


# --- The staff review page --------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_page_lists_both_sets_with_every_threshold(client, staff):
    client.force_login(staff)

    response = client.get(reverse("staff:rulesets"))

    assert response.status_code == 200
    html = response.content.decode()
    for rs in BUILTIN_RULESETS:
        assert f'id="{rs.key}"' in html
        assert rs.sources[0] in html
    # Labels, not field names; the registry's own choices with their rationale.
    assert html.count("Highest balance point (°F)") == 2
    assert "max_balance_point_f</" not in html
    assert html.count('id="ptcs-2019-10-subcooling_tolerance_f" class="registry-choice"') == 1
    assert "within 3 °F of the target passes" in html
    assert "The manual gives no time window" in html
    assert (
        'data-testid="value-one_per_home_counted_statuses">BPA Approved, PTCS-Certified Only'
        in html
    )
    assert "2019-09-30" in html
    assert "open-ended" in html


@pytest.mark.django_db
def test_staff_page_shows_the_federal_minimum_table_readably(client, staff):
    client.force_login(staff)

    html = client.get(reverse("staff:rulesets")).content.decode()

    assert html.count("Federal minimum efficiency by install date (DOE standards)") == 2
    assert html.count('id="ptcs-2019-10-hp_min_seer2" class="registry-choice"') == 1
    assert "<caption>Federal minimum efficiency of split-system heat pumps" in html
    row_2015 = (
        '<td data-label="Installed from">2015-01-01</td><td data-label="SEER / HSPF">14 SEER / '
        '8.2 HSPF</td><td data-label="SEER2 / HSPF2">not stated</td><td data-label="Standard">'
        "DOE standard of 1 Jan 2015</td>"
    )
    assert row_2015 in html
    assert "14.3 SEER2 / 7.5 HSPF2" in html
    assert "{&#x27;effective_from&#x27;" not in html  # not the raw JSON


@pytest.mark.django_db
def test_staff_page_shows_an_unreadable_table_as_stored(client, staff):
    record = RuleSetRecord.objects.get(key="ptcs-2019-10")
    record.values["federal_minimums"] = "ask DOE"
    record.save()
    client.force_login(staff)

    html = client.get(reverse("staff:rulesets")).content.decode()

    assert "ask DOE" in html


@pytest.mark.django_db
def test_staff_page_is_refused_to_a_technician_and_asks_anonymous_to_sign_in(client, technician):
    url = reverse("staff:rulesets")
    anonymous = client.get(url)
    client.force_login(technician)

    assert anonymous.status_code == 302
    assert reverse("account_login") in anonymous["Location"]
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_job_page_links_the_rule_set_for_staff_only(client, technician, staff, benton_rea):
    job = _complete(technician, datetime.date(2024, 6, 3))
    link = f'href="{reverse("staff:rulesets")}#{job.ruleset}"'

    client.force_login(technician)
    as_technician = client.get(reverse("jobs:detail", args=[job.measure_id])).content.decode()
    client.force_login(staff)
    as_staff = client.get(reverse("jobs:detail", args=[job.measure_id])).content.decode()

    assert link not in as_technician
    assert job.ruleset in as_technician
    assert link in as_staff


def test_every_rule_set_value_has_a_label_and_the_seed_silent_ones_a_rationale():
    from jobs.rules import registry_choices
    from jobs.rules.ruleset import VALUE_FIELDS

    assert set(registry_choices.NOTES) == set(VALUE_FIELDS)
    for name in (
        "subcooling_tolerance_f",
        "one_per_home_counted_statuses",
        "one_per_home_window_years",
        "certification_also_on_entry_date",
    ):
        assert name in registry_choices.registry_choices()
    assert "hp_min_hspf" not in registry_choices.registry_choices()  # 003 L9981-9984 gives it
