"""Territory exports: the columns (labels for people; with ?codes=1 the spec §4 names and codes
for machines), the values, formula injection, streaming."""

import datetime

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from jobs import services
from jobs.dictionary.fields import FIELDS
from jobs.display import COMPUTED
from jobs.models import Job
from tests.jobs.factories import JobFactory, ashp_payload
from tests.utilities.territory.data import csv_rows, make_territory, xlsx_rows
from utilities.territory import exports

pytestmark = pytest.mark.django_db

CSV = "utilities:territory-csv"
XLSX = "utilities:territory-xlsx"
JOB_BLOCK = [
    "measure_id",
    "status",
    "measure_type",
    "tech_id",
    "technician_name",
    "company",
    "electric_utility",
    "install_date",
    "completed_at",
    "street_address",
    "street_address_2",
    "city",
    "state",
    "zip_code",
    "ruleset",
    "category",
]


@pytest.fixture
def territory(benton_rea, pacific_power):
    return make_territory(benton_rea, pacific_power)


def by_id(rows) -> dict[int, dict]:
    """Rows by measure ID, keyed by the data dictionary's names whichever header they had."""
    names = dict(zip(exports.LABELS, exports.HEADER, strict=True))
    named = [{names.get(key, key): value for key, value in row.items()} for row in rows]
    return {int(row["measure_id"]): row for row in named}


def test_header_is_the_job_block_then_the_data_dictionary_then_computed_values():
    header = list(exports.HEADER)

    assert header[: len(JOB_BLOCK)] == JOB_BLOCK
    assert header[len(JOB_BLOCK) : len(JOB_BLOCK) + len(FIELDS)] == [f.name for f in FIELDS]
    assert header[len(JOB_BLOCK) + len(FIELDS) :] == [c.key for c in COMPUTED]
    assert len(set(header)) == len(header)  # no name means two things
    for key in ("external_static", "cfm_per_ton", "pre_cfm50_used", "post_cfm50_used"):
        assert key in header


def test_the_header_people_read_has_the_same_columns_by_their_labels():
    labels = list(exports.LABELS)

    assert len(labels) == len(exports.HEADER)
    assert labels[:4] == ["Measure ID", "Status", "Measure type", "Technician ID"]
    assert labels[len(JOB_BLOCK) : len(JOB_BLOCK) + len(FIELDS)] == [f.label for f in FIELDS]
    assert "Airflow per ton (CFM/ton)" in labels
    assert "Leakage reduction (pre − post) / pre (%)" in labels
    assert len(set(labels)) == len(labels)  # no label means two things
    assert not set(labels) & set(exports.HEADER)  # no code left as a heading


@pytest.mark.parametrize("name", [CSV, XLSX])
@pytest.mark.parametrize(
    ("query", "expected"), [({}, exports.LABELS), ({"codes": "1"}, exports.HEADER)]
)
def test_both_exports_have_the_same_header(client, utility_user, territory, name, query, expected):
    client.force_login(utility_user)

    response = client.get(reverse(name), query)
    header, _ = csv_rows(response) if name == CSV else xlsx_rows(response)

    assert header == list(expected)


def test_csv_values_for_people_are_labels(client, utility_user, territory):
    client.force_login(utility_user)

    response = client.get(reverse(CSV))
    _, rows = csv_rows(response)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="territory-jobs-2')
    ashp = by_id(rows)[territory.ashp.measure_id]
    assert (ashp["status"], ashp["measure_type"]) == ("BPA Approved", "Air source heat pump")
    assert ashp["category"] == "Conversion (replaces an electric forced-air furnace)"
    assert (ashp["make"], ashp["hspf"], ashp["return_static"]) == ("Acme", "9.5", "-0.3")
    assert (ashp["external_static"], ashp["cfm_per_ton"]) == ("0.5", "400")
    duct = by_id(rows)[territory.duct.measure_id]
    assert (duct["status"], duct["meets_specification"]) == ("PTCS-Certified Only", "Yes")
    assert duct["reduction"] == "75.0"  # percent, as the job page shows it
    assert (duct["pre_cfm50_used"], duct["post_cfm50_used"]) == ("400", "100")


def test_csv_values_with_codes(client, utility_user, territory):
    client.force_login(utility_user)

    response = client.get(reverse(CSV), {"codes": "1"})
    _, rows = csv_rows(response)

    assert response["Content-Disposition"].startswith('attachment; filename="territory-jobs-codes-')
    ashp = by_id(rows)[territory.ashp.measure_id]
    assert {k: ashp[k] for k in JOB_BLOCK} == {
        "measure_id": str(territory.ashp.measure_id),
        "status": "bpa_approved",
        "measure_type": "ashp",
        "tech_id": str(territory.ashp.technician.technician_id),
        "technician_name": "Rita Rivera",
        "company": "Columbia Comfort Heating",
        "electric_utility": "Benton REA",
        "install_date": "2024-03-01",
        "completed_at": "2024-03-04T10:00:00-08:00",  # Pacific time, as on screen
        "street_address": "100 MEADE AVE",
        "street_address_2": "",
        "city": "PROSSER",
        "state": "WA",
        "zip_code": "99350",
        "ruleset": "ptcs-2019-10",
        "category": "conversion",
    }
    assert (ashp["make"], ashp["hspf"], ashp["return_static"]) == ("Acme", "9.5", "-0.3")
    assert (ashp["external_static"], ashp["cfm_per_ton"]) == ("0.5", "400.0")
    assert ashp["pre_cfm50"] == ashp["reduction"] == ""  # not a duct job
    duct = by_id(rows)[territory.duct.measure_id]
    assert (duct["meets_specification"], duct["reduction"]) == ("yes", "0.75")
    assert (duct["pre_cfm50_used"], duct["post_cfm50_used"]) == ("400.0", "100.0")


def test_xlsx_values_are_typed(client, utility_user, territory):
    client.force_login(utility_user)

    response = client.get(reverse(XLSX))
    _, rows = xlsx_rows(response)

    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="territory-jobs-')
    ashp = by_id(rows)[territory.ashp.measure_id]
    assert ashp["measure_id"] == territory.ashp.measure_id
    assert ashp["status"] == "BPA Approved"
    assert ashp["install_date"] == datetime.datetime(2024, 3, 1)
    assert ashp["completed_at"] == datetime.datetime(2024, 3, 4, 10, 0)
    assert (ashp["hspf"], ashp["return_static"], ashp["cfm_per_ton"]) == (9.5, -0.3, 400)
    assert ashp["pre_cfm50"] is None
    duct = by_id(rows)[territory.duct.measure_id]
    assert (duct["meets_specification"], duct["reduction"]) == ("Yes", 75)


def test_xlsx_values_with_codes(client, utility_user, territory):
    client.force_login(utility_user)

    _, rows = xlsx_rows(client.get(reverse(XLSX), {"codes": "1"}))

    ashp = by_id(rows)[territory.ashp.measure_id]
    assert (ashp["status"], ashp["category"]) == ("bpa_approved", "conversion")
    duct = by_id(rows)[territory.duct.measure_id]
    assert (duct["meets_specification"], duct["reduction"]) == ("yes", 0.75)


def test_a_job_entered_through_the_service_exports_its_form_and_computed_values(
    client, technician, benton_rea, utility_user
):
    job = services.job_submit(actor=technician, payload=ashp_payload(), action="complete")
    client.force_login(utility_user)

    _, codes = csv_rows(client.get(reverse(CSV), {"codes": "1"}))
    _, labels = csv_rows(client.get(reverse(CSV)))

    (row,) = codes
    assert (int(row["measure_id"]), row["status"]) == (job.measure_id, job.status)
    for name in ashp_payload():
        if name in {f.name for f in FIELDS} and name != "variable_speed":
            assert row[name] != "", name
    assert row["variable_speed"] == "no"
    assert (row["static_units"], row["low_ambient_lockout"]) == ("in_wc", "yes_5f_or_less")
    assert float(row["cfm_per_ton"]) == pytest.approx(job.computed["cfm_per_ton"])
    assert float(row["external_static"]) == pytest.approx(0.5)
    (read,) = by_id(labels).values()
    assert (read["status"], read["variable_speed"]) == ("BPA Approved", "No")
    assert (read["static_units"], read["low_ambient_lockout"]) == (
        "Inches H2O",
        "Yes (5 °F or less)",
    )
    assert read["existing_heating_system"] == "Electric forced air w/out AC"
    assert (read["aux_heat_lockout"], read["multi_capacity"]) == (
        "35 °F",
        "No, this does not apply",
    )
    assert read["cfm_per_ton"] == str(round(job.computed["cfm_per_ton"]))


@pytest.mark.parametrize("query", [{}, {"codes": "1"}])
@pytest.mark.parametrize("name", [CSV, XLSX])
def test_an_export_with_no_rows_has_just_the_header(client, utility_user, territory, name, query):
    client.force_login(utility_user)

    response = client.get(reverse(name), {"measure_id": territory.pacific.measure_id, **query})
    header, rows = csv_rows(response) if name == CSV else xlsx_rows(response)

    assert response.status_code == 200
    assert (header, rows) == (list(exports.header(codes=bool(query))), [])


@pytest.mark.parametrize("name", [CSV, XLSX])
def test_export_honours_the_filters_and_sort(client, utility_user, territory, name):
    client.force_login(utility_user)

    response = client.get(reverse(name), {"technician": "rita", "sort": "-install_date"})
    _, rows = csv_rows(response) if name == CSV else xlsx_rows(response)

    assert [int(row["Measure ID"]) for row in rows] == [
        territory.gshp.measure_id,
        territory.ashp.measure_id,
    ]


HOSTILE = {
    "make": '=HYPERLINK("http://evil.example","click")',
    "outdoor_model": "+1+2",
    "indoor_model": "-2+3",
    "alt_method": "@SUM(A1:A2)",
    "thermostat_make": "\t=1+1",
    "thermostat_model": "Model = 7",  # an equals sign inside is harmless
}


@pytest.fixture
def hostile_job(benton_rea):
    company_name = "=cmd|' /C calc'!A0"
    job = JobFactory(
        utility=benton_rea,
        status=Job.Status.BPA_APPROVED,
        data={**HOSTILE, "return_static": -0.3, "supply_static": -1},
        site__street_address="+12 EVIL ST",
    )
    job.company.name = company_name
    job.company.save(update_fields=["name"])
    return job


def test_csv_cells_cannot_run_as_formulas(client, utility_user, hostile_job):
    client.force_login(utility_user)

    _, rows = csv_rows(client.get(reverse(CSV)))
    (row,) = by_id(rows).values()

    assert row["make"] == "'" + HOSTILE["make"]
    assert row["outdoor_model"] == "'+1+2"
    assert row["indoor_model"] == "'-2+3"
    assert row["alt_method"] == "'@SUM(A1:A2)"
    assert row["thermostat_make"] == "'\t=1+1"
    assert row["thermostat_model"] == "Model = 7"
    assert row["company"] == "'=cmd|' /C calc'!A0"
    assert row["street_address"] == "'+12 EVIL ST"
    # Numbers stay numbers: a negative pressure is not text to defuse.
    assert (row["return_static"], row["supply_static"]) == ("-0.3", "-1")


def test_xlsx_cells_cannot_run_as_formulas(client, utility_user, hostile_job):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(utility_user)

    response = client.get(reverse(XLSX))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    cells = dict(zip(exports.HEADER, sheet[2], strict=True))

    assert all(cell.data_type != "f" for cell in sheet[2])  # no formula anywhere
    assert cells["make"].value == "'" + HOSTILE["make"]
    assert cells["company"].value == "'=cmd|' /C calc'!A0"
    assert cells["alt_method"].value == "'@SUM(A1:A2)"
    assert cells["return_static"].value == -0.3


def test_xlsx_drops_characters_excel_cannot_store(client, utility_user, benton_rea):
    JobFactory(utility=benton_rea, data={"make": "Ac\x01me\x1b", "outdoor_model": "X\x0b1"})
    client.force_login(utility_user)

    _, rows = xlsx_rows(client.get(reverse(XLSX)))
    (row,) = by_id(rows).values()

    assert (row["make"], row["outdoor_model"]) == ("Acme", "X1")


def test_csv_is_streamed_in_chunks(client, utility_user, territory, monkeypatch):
    """The CSV is produced while it is sent: nothing is read before the body is consumed, and
    the rows come from QuerySet.iterator (not a list of every job)."""
    from django.db.models.query import QuerySet

    chunk_sizes = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    client.force_login(utility_user)

    response = client.get(reverse(CSV))
    assert response.streaming
    assert chunk_sizes == []
    _, rows = csv_rows(response)

    assert chunk_sizes == [exports.CHUNK_SIZE]
    assert len(rows) == 3


def test_safe_text_and_cells():
    """The cell writers keep yes/no as stored (the export for machines); the export people
    read turns them into Yes/No before (exports.row)."""
    assert exports.safe_text("=1") == "'=1"
    assert exports.safe_text("Acme") == "Acme"
    assert exports.safe_text("") == ""
    assert exports.csv_cell(None) == ""
    assert exports.csv_cell(True) == "yes"
    assert exports.csv_cell(-2.5) == -2.5
    assert exports.xlsx_cell(False) == "no"
    assert exports.xlsx_cell("-x") == "'-x"
