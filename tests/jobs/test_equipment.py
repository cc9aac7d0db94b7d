"""The equipment directory: the AHRI CSV import, the engine's look-up and the
pre-fill endpoint."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jobs import services
from jobs.dictionary.fields import fields_for
from jobs.equipment import parse_ahri_rows
from jobs.models import AhriRating, Job
from jobs.review import services as review
from tests.jobs.factories import ashp_payload, duct_payload

HEADER = "ahri_number,make,outdoor_model,indoor_model,seer,hspf,seer2,hspf2,capacity_tons"
GOOD = [
    "201234567,Acme,AC-36,AH-36,16,9.5,15.2,8.1,3",
    "209999999,Acme,AC-24,AH-24,15,9,,,2",
]


def rows(*lines):
    return list(csv.reader(io.StringIO("\n".join(lines))))


def write_csv(tmp_path, *lines, name="ahri.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def complete(user, payload):
    return services.job_submit(actor=user, payload=payload, action="complete")


def ahri_check(job):
    return next(c for c in job.checks if c["rule"] == "hp.ahri_certified")


# --- Pure validation -------------------------------------------------------------------------


def test_good_rows_become_records_with_blank_values_as_none():
    records, errors = parse_ahri_rows(rows(HEADER, *GOOD))
    assert errors == []
    assert [r.ahri_number for r in records] == ["201234567", "209999999"]
    assert records[0].seer == Decimal("16.00")
    assert records[0].capacity_tons == Decimal("3.00")
    assert records[1].seer2 is None
    assert records[1].hspf2 is None


def test_bad_number_and_bad_seer_are_reported_with_line_numbers():
    records, errors = parse_ahri_rows(
        rows(HEADER, GOOD[0], "", "AB123,Acme,X,Y,16,9,,,3", "203333333,Acme,X,Y,high,9,,,3")
    )
    assert [str(e) for e in errors] == [
        "line 4: AHRI number 'AB123' is not 1 to 20 digits.",
        "line 5: seer: 'high' is not a number.",
    ]


def test_negative_value_and_repeated_number_are_errors():
    _, errors = parse_ahri_rows(rows(HEADER, GOOD[0], GOOD[0], "204444444,A,X,Y,16,-9,,,3"))
    assert [e.line for e in errors] == [3, 4]
    assert "already on line 2" in errors[0].message


def test_missing_column_is_an_error_on_the_header_line():
    _, errors = parse_ahri_rows(rows("ahri_number,make,outdoor_model,indoor_model,seer", GOOD[0]))
    assert len(errors) == 1
    assert errors[0].line == 1
    assert "hspf, seer2, hspf2, capacity_tons" in errors[0].message


def test_empty_file_is_an_error():
    assert parse_ahri_rows([])[1]
    assert parse_ahri_rows(rows(HEADER))[1]


# --- The command -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bad_row_imports_nothing(tmp_path):
    path = write_csv(tmp_path, HEADER, GOOD[0], "20x,Acme,X,Y,16,9,,,3")
    with pytest.raises(CommandError, match="line 3: AHRI number '20x'"):
        call_command("import_ahri", str(path))
    assert not AhriRating.objects.exists()


@pytest.mark.django_db
def test_a_missing_column_imports_nothing(tmp_path):
    path = write_csv(tmp_path, "ahri_number,make", "201234567,Acme")
    with pytest.raises(CommandError, match="line 1: The header lacks"):
        call_command("import_ahri", str(path))
    assert not AhriRating.objects.exists()


@pytest.mark.django_db
def test_import_is_idempotent_and_updates_in_place(tmp_path):
    out = io.StringIO()
    call_command("import_ahri", str(write_csv(tmp_path, HEADER, *GOOD)), stdout=out)
    assert "2 added, 0 updated" in out.getvalue()
    call_command("import_ahri", str(write_csv(tmp_path, HEADER, *GOOD)), stdout=out)
    assert AhriRating.objects.count() == 2

    changed = "201234567,Acme,AC-36B,AH-36,17,9.5,15.2,8.1,3"
    call_command("import_ahri", str(write_csv(tmp_path, HEADER, changed, name="v2.csv")))
    rating = AhriRating.objects.get(ahri_number="201234567")
    assert AhriRating.objects.count() == 2
    assert (rating.outdoor_model, rating.seer, rating.source) == ("AC-36B", Decimal("17"), "v2.csv")


# --- The engine ------------------------------------------------------------------------------


@pytest.fixture
def directory(db):
    records, errors = parse_ahri_rows(rows(HEADER, *GOOD))
    assert not errors
    services.ahri_import(records=records, source="test")


def test_without_a_directory_an_ashp_job_is_approved(technician, benton_rea):
    job = complete(technician, ashp_payload())
    assert job.status == Job.Status.BPA_APPROVED
    assert ahri_check(job)["passed"]


def test_a_listed_number_is_approved(directory, technician, benton_rea):
    job = complete(technician, ashp_payload())
    assert job.status == Job.Status.BPA_APPROVED
    assert ahri_check(job)["passed"]


def test_an_unlisted_number_is_accepted_and_sent_to_bpa_pending(directory, technician, benton_rea):
    job = complete(technician, ashp_payload(ahri_number="205555555"))
    assert job.status == Job.Status.BPA_PENDING
    check = ahri_check(job)
    assert not check["passed"]
    assert check["message"] == (
        "AHRI number 205555555 is not in the equipment directory; PTCS staff will verify it."
    )
    assert {c["rule"] for c in job.failed_checks} == {"hp.ahri_certified"}


def test_the_preview_uses_the_directory(directory, technician, benton_rea):
    parsed, decision = services.preview(actor=technician, payload=ashp_payload(ahri_number="1"))
    assert decision.status == "bpa_pending"


def test_duct_sealing_is_not_looked_up(directory, technician, benton_rea):
    assert complete(technician, duct_payload()).status == Job.Status.BPA_APPROVED


def test_staff_correction_to_a_listed_number_approves(directory, staff, technician, benton_rea):
    job = complete(technician, ashp_payload(ahri_number="205555555"))
    review.job_staff_edit(
        actor=staff, measure_id=job.measure_id, payload=ashp_payload(), reason="AHRI typo."
    )
    job.refresh_from_db()
    assert job.status == Job.Status.BPA_APPROVED


# --- The pre-fill endpoint -------------------------------------------------------------------


def lookup_url(number="201234567"):
    return reverse("jobs:ahri-lookup", kwargs={"number": number})


def test_lookup_returns_the_values_by_data_dictionary_names(directory, client, technician):
    client.force_login(technician)
    response = client.get(lookup_url())
    assert response.status_code == 200
    data = response.json()
    assert data["make"] == "Acme"
    assert (data["outdoor_model"], data["indoor_model"]) == ("AC-36", "AH-36")
    assert (data["seer"], data["hspf"], data["outdoor_capacity_tons"]) == ("16.00", "9.50", "3.00")
    assert (data["seer2"], data["hspf2"]) == ("15.20", "8.10")


def test_a_number_not_listed_is_a_404_saying_the_directory_has_rows(directory, client, technician):
    """Only then does a job with the number go to BPA Pending, as the form's note says."""
    client.force_login(technician)

    response = client.get(lookup_url("200000001"))

    assert response.status_code == 404
    assert response.json()["directory_has_rows"] is True


def test_with_an_empty_directory_the_404_says_so(client, technician):
    """An empty directory looks nothing up and sends no job to review (ahri_known is None):
    the form's note must not promise BPA Pending."""
    client.force_login(technician)

    response = client.get(lookup_url("200000001"))

    assert response.status_code == 404
    assert response.json()["directory_has_rows"] is False


@pytest.mark.parametrize("measure_type", ["ashp", "vshp", "gshp"])
def test_every_value_of_the_lookup_is_a_field_of_the_heat_pump_form(
    directory, client, technician, measure_type
):
    """The pre-fill (static/js/ahri-prefill.js) fills the form input of each name it gets:
    SEER2/HSPF2 land in their own fields beside SEER/HSPF."""
    client.force_login(technician)

    data = client.get(lookup_url()).json()

    assert set(data) <= {spec.name for spec in fields_for(measure_type)}
    assert {"seer", "hspf", "seer2", "hspf2"} <= set(data)


def test_a_number_listed_without_seer2_hspf2_leaves_them_empty(directory, client, technician):
    client.force_login(technician)

    data = client.get(lookup_url("209999999")).json()

    assert (data["seer"], data["hspf"]) == ("15.00", "9.00")
    assert (data["seer2"], data["hspf2"]) == (None, None)


def test_a_job_with_the_directorys_seer2_hspf2_only_is_approved(directory, technician, benton_rea):
    payload = ashp_payload(seer=None, hspf=None, seer2="15.2", hspf2="8.1")

    job = complete(technician, payload)

    assert job.status == Job.Status.BPA_APPROVED
    assert ahri_check(job)["passed"]


def test_lookup_of_an_unlisted_number_is_404(directory, client, technician):
    client.force_login(technician)
    assert client.get(lookup_url("205555555")).status_code == 404


def test_lookup_needs_sign_in(directory, client):
    response = client.get(lookup_url())
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_lookup_is_for_those_who_enter_jobs(directory, client, utility_user):
    client.force_login(utility_user)
    assert client.get(lookup_url()).status_code == 403
