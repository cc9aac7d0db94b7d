"""Reading a bulk upload CSV (jobs.bulk.parse): pure, no database."""

from __future__ import annotations

import datetime

import pytest

from jobs.bulk import parse as bulk
from jobs.dictionary import fields, inputs
from tests.jobs.bulk.data import csv_bytes
from tests.jobs.factories import entry_ashp_payload
from utilities.territory import exports

BIG = 10**9


def parse(data: bytes, *, max_bytes: int = BIG, max_rows: int = 5000) -> bulk.ParsedFile:
    return bulk.parse_csv(data, max_bytes=max_bytes, max_rows=max_rows)


def test_columns_are_the_data_dictionary_and_the_export_names():
    assert {spec.name for spec in fields.FIELDS} <= set(bulk.COLUMNS)
    # Every column the territory export writes is either read by the upload or named as
    # computed by the registry: one vocabulary for both directions.
    assert set(exports.HEADER) - set(bulk.COLUMNS) == set(bulk.EXPORT_ONLY_COLUMNS)
    assert set(bulk.COLUMNS) - set(exports.HEADER) == {"action"}


def test_the_template_example_row_is_a_complete_job():
    header, example = list(bulk.template_rows())
    assert tuple(header) == bulk.COLUMNS
    values = {name: value for name, value in zip(header, example, strict=True) if value}
    action, payload = bulk.split_action(values)
    parsed = inputs.parse(payload, completing=True, today=datetime.date(2025, 1, 1), strict=True)
    assert action == "complete"
    assert parsed.errors == {}


def test_rows_read_with_spreadsheet_row_numbers_stripped_and_bom_removed():
    data = "\ufeff" + " Measure_Type ,install_date,street_address,city,state,zip_code,seer\r\n"
    data += "ashp, 2024-05-01 ,1 Main St,Prosser,WA,99350,\r\n"
    data += ",,,,,,\r\n"  # a spreadsheet's empty row: skipped, but it keeps its number
    data += "ashp,2024-05-02,2 Main St,Prosser,WA,99350,16\r\n"

    parsed = parse(data.encode())

    assert parsed.errors == ()
    assert [row.number for row in parsed.rows] == [2, 4]
    assert parsed.rows[0].values == {
        "measure_type": "ashp",
        "install_date": "2024-05-01",
        "street_address": "1 Main St",
        "city": "Prosser",
        "state": "WA",
        "zip_code": "99350",
    }
    assert parsed.rows[1].values["seer"] == "16"


def test_unknown_columns_are_refused_with_a_did_you_mean_hint():
    data = csv_bytes([entry_ashp_payload()]).replace(b"seer,", b"sear,", 1)

    parsed = parse(data.replace(b"zip_code", b"zip", 1).replace(b"install_date", b"Install Date"))

    assert parsed.rows == ()
    assert "Unknown column “sear”. Did you mean “seer”?" in parsed.errors
    assert "Unknown column “zip”. Did you mean “zip_code”?" in parsed.errors
    assert "Unknown column “install date”. Did you mean “install_date”?" in parsed.errors
    assert "Missing required columns: install_date, zip_code." in parsed.errors


def test_export_only_columns_are_named_as_computed_by_the_registry():
    parsed = parse(b"measure_id,measure_type,install_date,street_address,city,state,zip_code\n1,")

    assert parsed.errors == (
        "Unknown column “measure_id”: the registry computes it (it is an export column); "
        "remove the column.",
    )


def test_repeated_and_blank_column_names_are_refused():
    parsed = parse(b"measure_type,install_date,street_address,city,state,zip_code,city,\nx")

    assert "Columns named more than once: city." in parsed.errors
    assert "The header has empty column names (column 8)." in parsed.errors


def test_semicolon_separated_files_get_a_hint():
    parsed = parse(b"measure_type;install_date;street_address;city;state;zip_code\nashp;")

    assert "Separate the columns with commas, not semicolons." in parsed.errors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"  \r\n", "The file is empty"),
        (b"measure_type,install_date,street_address,city,state,zip_code\r\n", "no job rows"),
        (b"%PDF-1.7\n\x00\x01\x02binary", "This is not a text file"),
        (b"PK\x03\x04\x14\x00workbook", "This is a spreadsheet workbook, not a CSV file"),
        (b"measure_type,city\n\xff\xfe caf\xe9", "The file is not UTF-8 text (byte 19)"),
    ],
)
def test_files_that_are_not_csv_text_are_refused(data, message):
    parsed = parse(data)

    assert parsed.rows == ()
    assert len(parsed.errors) == 1
    assert message in parsed.errors[0]


def test_size_limit_just_below_at_and_above():
    data = csv_bytes([entry_ashp_payload()])

    assert parse(data, max_bytes=len(data) + 1).errors == ()
    assert parse(data, max_bytes=len(data)).errors == ()
    refused = parse(data, max_bytes=len(data) - 1)
    assert refused.rows == ()
    assert "the limit is" in refused.errors[0]


def test_row_limit_just_below_at_and_above():
    data = csv_bytes([entry_ashp_payload(street_address=f"{n} Main St") for n in range(3)])

    assert len(parse(data, max_rows=4).rows) == 3
    assert len(parse(data, max_rows=3).rows) == 3
    assert parse(data, max_rows=2).errors == (
        "The file has more than 2 job rows. Split it into smaller files.",
    )


def test_a_row_longer_than_the_header_is_a_row_error():
    data = b"measure_type,install_date,street_address,city,state,zip_code\n"
    data += b"ashp,2024-05-01,1 Main St,Prosser,WA,99350,stray\n"

    (row,) = parse(data).rows

    assert "check for a stray comma" in row.errors["__all__"][0]


def test_broken_quoting_is_a_file_error():
    data = b"measure_type,install_date,street_address,city,state,zip_code\n"
    data += b'ashp,2024-05-01,"1 Main St\x00,Prosser,WA,99350\n'

    assert "This is not a text file" in parse(data).errors[0]
    oversized = data.replace(b"\x00", b"x" * 200_000)
    assert "not valid CSV near line" in parse(oversized).errors[0]


def test_fingerprint_ignores_the_action_spacing_and_empty_cells():
    row = {"measure_type": "ashp", "tech_id": "42", "seer": "16"}
    same = {"measure_type": " ashp ", "tech_id": "0042", "seer": "16", "hspf": "", "action": "x"}

    assert bulk.fingerprint(row, own_tech_id=None) == bulk.fingerprint(same, own_tech_id=None)
    assert bulk.fingerprint(row, own_tech_id=None) != bulk.fingerprint(
        {**row, "seer": "17"}, own_tech_id=None
    )


def test_fingerprint_of_a_row_without_tech_id_is_the_uploaders_own():
    row = {"measure_type": "ashp", "seer": "16"}

    assert bulk.fingerprint(row, own_tech_id=42) == bulk.fingerprint(
        {**row, "tech_id": "42"}, own_tech_id=None
    )
    assert bulk.fingerprint(row, own_tech_id=42) != bulk.fingerprint(row, own_tech_id=43)


def test_split_action_defaults_to_complete():
    assert bulk.split_action({"city": "Prosser"}) == ("complete", {"city": "Prosser"})
    assert bulk.split_action({"action": " Save_Progress "})[0] == "save_progress"
