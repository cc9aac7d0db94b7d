"""The zone map import: ``manage.py import_zones`` checks every row first, imports all or
nothing, changes nothing on a re-import, and with --replace leaves exactly the file's ZIP codes.

Zones are BPA's heating zones 1–3 and cooling zones 1–3 (seed 002 L28-51: "h1–h3 × c1–c3").
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry.lib.rows import RowError
from utilities import services
from utilities.models import ClimateZone
from utilities.zone_file import ZoneRow, parse_zone_rows

HEADER = "zip_code,heating_zone,cooling_zone\n"


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def write(tmp_path, text: str, name: str = "zones.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def zone_map() -> dict[str, tuple[int, int]]:
    return {
        zip_code: (heating, cooling)
        for zip_code, heating, cooling in ClimateZone.objects.values_list(
            "zip_code", "heating_zone", "cooling_zone"
        )
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_zones", *map(str, args), stdout=out)
    return out.getvalue()


# --- Reading the file (pure, no database) -----------------------------------------------------


def test_rows_give_each_zip_codes_zones_in_file_order():
    text = HEADER + "99350,1,3\n 59901 ,h2,c1\n\n83814,3,2\n"

    zones, errors = parse_zone_rows(rows(text), source="BPA list, Oct 2017")

    assert errors == []
    assert zones == [
        ZoneRow("99350", 1, 3, "BPA list, Oct 2017", ""),
        ZoneRow("59901", 2, 1, "BPA list, Oct 2017", ""),
        ZoneRow("83814", 3, 2, "BPA list, Oct 2017", ""),
    ]


def test_header_is_case_insensitive_extra_columns_are_ignored_and_source_and_note_are_read():
    text = "\ufeffCounty, ZIP_Code ,Heating_Zone,Cooling_Zone,Source,Note\n"
    text += "Benton,99350,1,3,BPA list,Prosser\nBenton,99320,1,3,,\n"

    zones, errors = parse_zone_rows(rows(text), source="default")

    assert errors == []
    assert zones == [
        ZoneRow("99350", 1, 3, "BPA list", "Prosser"),
        ZoneRow("99320", 1, 3, "default", ""),
    ]


@pytest.mark.parametrize(
    ("value", "zone"),
    [
        # Just below, at and just above each end of 1–3 (002 L28-51: h1–h3, c1–c3).
        pytest.param("0", None, id="002-L28-zone-0-below"),
        pytest.param("1", 1, id="002-L28-zone-1-at-lowest"),
        pytest.param("3", 3, id="002-L51-zone-3-at-highest"),
        pytest.param("4", None, id="002-L51-zone-4-above"),
        pytest.param("", None, id="missing"),
        pytest.param("2.5", None, id="not-a-whole-number"),
        pytest.param("٢", None, id="non-ascii-digit"),
    ],
)
def test_a_heating_zone_must_be_1_2_or_3(value, zone):
    zones, errors = parse_zone_rows(rows(f"{HEADER}99350,{value},2\n"))

    if zone is None:
        assert zones == []
        assert errors == [RowError(2, f"Heating zone {value!r} is not 1, 2 or 3.")]
    else:
        assert errors == []
        assert zones[0].heating_zone == zone


@pytest.mark.parametrize("value", ["0", "4", "h2", "x"])
def test_a_cooling_zone_must_be_1_2_or_3_with_its_own_letter(value):
    _, errors = parse_zone_rows(rows(f"{HEADER}99350,2,{value}\n"))

    assert errors == [RowError(2, f"Cooling zone {value!r} is not 1, 2 or 3.")]


def test_every_bad_row_is_reported_with_its_line_not_just_the_first():
    text = HEADER + "99350,1,3\n9935,1,3\n99320,4,0\n\n99336,2,2\nabcde,,\n"

    zones, errors = parse_zone_rows(rows(text))

    assert [str(e) for e in errors] == [
        "line 3: ZIP code '9935' is not 5 digits.",
        "line 4: Heating zone '4' is not 1, 2 or 3. Cooling zone '0' is not 1, 2 or 3.",
        "line 7: ZIP code 'abcde' is not 5 digits. Heating zone '' is not 1, 2 or 3. "
        "Cooling zone '' is not 1, 2 or 3.",
    ]


def test_a_zip_code_listed_twice_with_other_zones_is_an_error():
    text = HEADER + "99350,1,3\n99320,1,3\n99350,2,3\n"

    _, errors = parse_zone_rows(rows(text))

    assert [str(e) for e in errors] == [
        "line 4: ZIP code 99350 is already on line 2 with heating zone 1, cooling zone 3."
    ]


def test_a_zip_code_listed_twice_with_the_same_zones_is_kept_once():
    zones, errors = parse_zone_rows(rows(HEADER + "99350,1,3\n99350,1,3\n"))

    assert (zones, errors) == ([ZoneRow("99350", 1, 3)], [])


@pytest.mark.parametrize(
    "text", ["zip_code,heating_zone\n99350,1\n", "zip,heating_zone,cooling_zone\n99350,1,3\n"]
)
def test_a_header_without_the_needed_columns_is_an_error(text):
    zones, errors = parse_zone_rows(rows(text))

    assert zones == []
    assert [str(e) for e in errors] == [
        "line 1: The header must name the columns zip_code,heating_zone,cooling_zone."
    ]


@pytest.mark.parametrize("text", ["", "\n\n", HEADER, HEADER + "\n"])
def test_a_file_without_zip_codes_is_an_error(text):
    zones, errors = parse_zone_rows(rows(text))

    assert zones == []
    assert len(errors) == 1


# --- The command ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_adds_each_zip_codes_zones(tmp_path):
    path = write(tmp_path, HEADER + "99350,1,3\n59901,2,1\n")

    out = run(path, "--source", "BPA list, Oct 2017")

    assert zone_map() == {"99350": (1, 3), "59901": (2, 1)}
    assert set(ClimateZone.objects.values_list("source", flat=True)) == {"BPA list, Oct 2017"}
    assert "2 ZIP codes: 2 added, 0 changed, 0 already there." in out


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write(tmp_path, HEADER + "99350,1,3\n59901,2,1\n")
    run(path)
    before = list(ClimateZone.objects.values_list("pk", "zip_code", "heating_zone", "updated_at"))

    out = run(path)

    after = list(ClimateZone.objects.values_list("pk", "zip_code", "heating_zone", "updated_at"))
    assert after == before
    assert "0 added, 0 changed, 2 already there." in out


@pytest.mark.django_db
def test_a_changed_zone_is_updated_in_place(tmp_path):
    run(write(tmp_path, HEADER + "99350,1,3\n59901,2,1\n"))
    pk = ClimateZone.objects.get(zip_code="59901").pk

    out = run(write(tmp_path, HEADER + "59901,3,1\n", "oct2017.csv"))

    assert zone_map() == {"99350": (1, 3), "59901": (3, 1)}
    assert ClimateZone.objects.get(zip_code="59901").pk == pk
    assert "0 added, 1 changed, 0 already there." in out


@pytest.mark.django_db
def test_a_bad_row_imports_nothing_and_lists_every_bad_line(tmp_path):
    ClimateZone.objects.create(zip_code="99350", heating_zone=1, cooling_zone=3)
    path = write(tmp_path, HEADER + "99350,2,3\n59901,4,1\n83814,3,2\n9933,1,1\n")

    with pytest.raises(CommandError) as exc_info:
        run(path)

    message = str(exc_info.value)
    assert "nothing imported" in message
    assert "line 3: Heating zone '4' is not 1, 2 or 3." in message
    assert "line 5: ZIP code '9933' is not 5 digits." in message
    assert zone_map() == {"99350": (1, 3)}  # neither 99350's change nor 83814 was written


@pytest.mark.django_db
def test_replace_makes_the_map_exactly_the_files(tmp_path):
    run(write(tmp_path, HEADER + "99350,1,3\n59901,2,1\n"))

    out = run(write(tmp_path, HEADER + "99350,1,3\n83814,3,2\n", "new.csv"), "--replace")

    assert zone_map() == {"99350": (1, 3), "83814": (3, 2)}
    assert "1 added, 0 changed, 1 already there, 1 removed." in out


@pytest.mark.django_db
def test_without_replace_zip_codes_missing_from_the_file_stay(tmp_path):
    run(write(tmp_path, HEADER + "99350,1,3\n"))

    run(write(tmp_path, HEADER + "59901,2,1\n", "more.csv"))

    assert zone_map() == {"99350": (1, 3), "59901": (2, 1)}


@pytest.mark.django_db
def test_replace_with_an_empty_file_wipes_nothing(tmp_path):
    ClimateZone.objects.create(zip_code="99350", heating_zone=1, cooling_zone=3)

    with pytest.raises(CommandError, match="no ZIP codes"):
        run(write(tmp_path, HEADER), "--replace")

    assert zone_map() == {"99350": (1, 3)}


@pytest.mark.django_db
def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv")


# --- The service and the table ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        ("993", 1, 3),
        ("99351", 4, 3),
        ("99351", 1, 0),
        ("99350", 2, 3),  # listed twice
    ],
)
def test_the_service_refuses_a_bad_row_and_writes_nothing(bad):
    with pytest.raises(ValidationError):
        services.climate_zones_import(zones=[("99350", 1, 3, "", ""), (*bad, "", "")])

    assert zone_map() == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"zip_code": "9935", "heating_zone": 1, "cooling_zone": 1},
        {"zip_code": "99350", "heating_zone": 0, "cooling_zone": 1},
        {"zip_code": "99350", "heating_zone": 4, "cooling_zone": 1},
        {"zip_code": "99350", "heating_zone": 1, "cooling_zone": 4},
    ],
)
def test_the_table_itself_refuses_a_bad_zip_code_or_zone(values):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClimateZone.objects.create(**values)


# --- The admin --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_find_a_zip_code_in_the_admin_and_change_its_zones(admin_client):
    zone = ClimateZone.objects.create(zip_code="99350", heating_zone=1, cooling_zone=3)
    ClimateZone.objects.create(zip_code="59901", heating_zone=2, cooling_zone=1)

    listing = admin_client.get(reverse("admin:utilities_climatezone_changelist"), {"q": "9935"})
    response = admin_client.post(
        reverse("admin:utilities_climatezone_change", args=[zone.pk]),
        {
            "zip_code": "99350",
            "heating_zone": "2",
            "cooling_zone": "3",
            "source": "Staff: BPA e-mail",
            "note": "",
        },
    )

    assert [z.zip_code for z in listing.context["cl"].result_list] == ["99350"]
    assert response.status_code == 302
    assert zone_map()["99350"] == (2, 3)
