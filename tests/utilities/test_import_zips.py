"""Territory import (spec §6): ``manage.py import_zips`` checks every row first, imports all or
nothing, adds nothing on a re-import, and with --replace leaves exactly the file's ZIP codes."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from registry.lib.rows import RowError
from utilities import services
from utilities.models import ServiceZip
from utilities.zip_file import parse_zip_rows

KNOWN = {"benton rea": 1, "pacific power": 2}


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def write(tmp_path, text: str, name: str = "zips.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def zips_of(utility) -> list[str]:
    return list(ServiceZip.objects.filter(utility=utility).values_list("zip_code", flat=True))


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_zips", *map(str, args), stdout=out)
    return out.getvalue()


# --- Reading the file (pure, no database) -----------------------------------------------------


def test_rows_with_utility_and_zip_give_pairs_in_file_order_without_repeats():
    text = "utility,zip_code\nBenton REA,99350\nPacific Power,97301\nbenton rea, 99320 \n"
    text += "Benton REA,99350\n"

    pairs, errors = parse_zip_rows(rows(text), known_utilities=KNOWN)

    assert errors == []
    assert pairs == [(1, "99350"), (2, "97301"), (1, "99320")]


def test_a_zip_only_file_takes_the_utility_from_the_option():
    pairs, errors = parse_zip_rows(
        rows("zip_code\n99350\n\n99320\n"), known_utilities=KNOWN, utility="Benton REA"
    )

    assert errors == []
    assert pairs == [(1, "99350"), (1, "99320")]


def test_header_is_case_insensitive_and_extra_columns_are_ignored():
    text = "\ufeffCounty, ZIP_Code ,Utility\nBenton,99350,Benton REA\n"

    pairs, errors = parse_zip_rows(rows(text), known_utilities=KNOWN)

    assert (pairs, errors) == ([(1, "99350")], [])


@pytest.mark.parametrize("zip_code", ["9935", "993501", "99350-1234", "9935O", "", "٩٩٣٥٠"])
def test_a_zip_code_that_is_not_five_digits_is_reported_with_its_line(zip_code):
    text = f"utility,zip_code\nBenton REA,99350\nBenton REA,{zip_code}\n"

    pairs, errors = parse_zip_rows(rows(text), known_utilities=KNOWN)

    assert errors == [RowError(3, f"ZIP code {zip_code!r} is not 5 digits.")]


def test_every_bad_row_is_reported_not_just_the_first():
    text = "utility,zip_code\nNowhere Electric,99350\nBenton REA,99350\n,97301\nPacific Power,1\n"

    _, errors = parse_zip_rows(rows(text), known_utilities=KNOWN)

    assert [str(e) for e in errors] == [
        "line 2: No utility named 'Nowhere Electric'.",
        "line 4: The utility is missing.",
        "line 5: ZIP code '1' is not 5 digits.",
    ]


def test_a_row_naming_another_utility_than_the_option_is_an_error():
    text = "utility,zip_code\nBenton REA,99350\nPacific Power,97301\n"

    _, errors = parse_zip_rows(rows(text), known_utilities=KNOWN, utility="benton rea")

    assert [str(e) for e in errors] == [
        "line 3: The row names 'Pacific Power', but --utility is 'benton rea'."
    ]


def test_an_unknown_utility_option_is_an_error():
    _, errors = parse_zip_rows(rows("zip_code\n99350\n"), known_utilities=KNOWN, utility="Nope")

    assert [str(e) for e in errors] == ["--utility: no utility named 'Nope'."]


@pytest.mark.parametrize(
    ("text", "utility"),
    [
        ("zip_code\n99350\n", None),
        ("utility\nBenton REA\n", None),
        ("99350\n99320\n", "Benton REA"),
    ],
)
def test_a_header_without_the_needed_columns_is_an_error(text, utility):
    pairs, errors = parse_zip_rows(rows(text), known_utilities=KNOWN, utility=utility)

    assert pairs == []
    assert len(errors) == 1
    assert errors[0].line == 1
    assert "header must name the columns" in errors[0].message


@pytest.mark.parametrize("text", ["", "\n\n", "utility,zip_code\n", "utility,zip_code\n\n"])
def test_a_file_without_zip_codes_is_an_error(text):
    pairs, errors = parse_zip_rows(rows(text), known_utilities=KNOWN)

    assert pairs == []
    assert len(errors) == 1


# --- The command ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_adds_the_zip_codes_of_each_utility(tmp_path, benton_rea, pacific_power):
    path = write(tmp_path, "utility,zip_code\nBenton REA,99336\nPacific Power,97302\n")

    out = run(path)

    assert zips_of(benton_rea) == ["99320", "99336", "99350"]
    assert zips_of(pacific_power) == ["97301", "97302"]
    assert "2 ZIP codes for 2 utilities: 2 added, 0 already there." in out


@pytest.mark.django_db
def test_reimporting_the_same_file_creates_nothing(tmp_path, benton_rea, pacific_power):
    path = write(tmp_path, "utility,zip_code\nBenton REA,99336\nBenton REA,99350\n")
    run(path)
    before = ServiceZip.objects.count()

    out = run(path)

    assert ServiceZip.objects.count() == before
    assert "0 added, 2 already there." in out


@pytest.mark.django_db
def test_a_bad_row_imports_nothing_and_lists_every_bad_line(tmp_path, benton_rea):
    path = write(tmp_path, "zip_code\n99336\n9933\n99337\nabcde\n")

    with pytest.raises(CommandError) as exc_info:
        run(path, "--utility", "Benton REA")

    message = str(exc_info.value)
    assert "nothing imported" in message
    assert "line 3: ZIP code '9933' is not 5 digits." in message
    assert "line 5: ZIP code 'abcde' is not 5 digits." in message
    assert zips_of(benton_rea) == ["99320", "99350"]  # 99336 and 99337 were not imported


@pytest.mark.django_db
def test_an_unknown_utility_imports_nothing(tmp_path, benton_rea):
    path = write(tmp_path, "utility,zip_code\nBenton REA,99336\nNowhere Electric,99337\n")

    with pytest.raises(CommandError, match="line 3: No utility named 'Nowhere Electric'"):
        run(path)

    assert zips_of(benton_rea) == ["99320", "99350"]


@pytest.mark.django_db
def test_replace_makes_the_utilitys_list_exactly_the_files(tmp_path, benton_rea, pacific_power):
    path = write(tmp_path, "zip_code\n99350\n99336\n")

    out = run(path, "--utility", "benton rea", "--replace")

    assert zips_of(benton_rea) == ["99336", "99350"]  # 99320 removed
    assert zips_of(pacific_power) == ["97301"]  # a utility not in the file is untouched
    assert "1 added, 1 already there, 1 removed." in out


@pytest.mark.django_db
def test_without_replace_zip_codes_missing_from_the_file_stay(tmp_path, benton_rea):
    run(write(tmp_path, "zip_code\n99336\n"), "--utility", "Benton REA")

    assert zips_of(benton_rea) == ["99320", "99336", "99350"]


@pytest.mark.django_db
def test_replace_with_an_empty_file_wipes_nothing(tmp_path, benton_rea):
    with pytest.raises(CommandError, match="no ZIP codes"):
        run(write(tmp_path, "zip_code\n"), "--utility", "Benton REA", "--replace")

    assert zips_of(benton_rea) == ["99320", "99350"]


@pytest.mark.django_db
def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv", "--utility", "Benton REA")


# --- The service ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_service_refuses_a_bad_zip_code_and_writes_nothing(benton_rea):
    with pytest.raises(ValidationError):
        services.utility_zips_import(pairs=[(benton_rea.pk, "99336"), (benton_rea.pk, "993")])

    assert zips_of(benton_rea) == ["99320", "99350"]


@pytest.mark.django_db
def test_the_service_refuses_an_unknown_utility_and_writes_nothing(benton_rea):
    with pytest.raises(ValidationError):
        services.utility_zips_import(
            pairs=[(benton_rea.pk, "99336"), (benton_rea.pk + 99, "99337")]
        )

    assert zips_of(benton_rea) == ["99320", "99350"]
