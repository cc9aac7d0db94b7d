"""jobs.dictionary.address.parse_address: pure, no database (spec §3; seed 000 FAQ L41-44)."""

import pytest

from jobs.dictionary.address import (
    SAVED_UNVERIFIED_NOTE,
    UNVERIFIED_NOTE,
    parse_address,
    state_error,
    zip_code_error,
)


def parse(street, street2="", city="Prosser", state="WA", zip_code="99350"):
    return parse_address(street, street2, city, state, zip_code)


@pytest.mark.parametrize(
    "typed",
    [
        "1200 N Meade Ave",
        "1200 N. Meade Avenue",
        "1200 North Meade Avenue",
        "1200 north meade ave",
        "  1200   N   Meade   Ave  ",
        "1200 N MEADE AVE",
    ],
)
def test_spellings_of_one_street_normalise_to_one_key(typed):
    parsed = parse(typed)

    assert parsed.verified is True
    assert parsed.street_address == "1200 N MEADE AVE"
    assert parsed.normalized_key == "1200 N MEADE AVE||99350"
    assert parsed.note == ""


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("12 Wine Country Road", "12 WINE COUNTRY RD"),
        ("1200 Sixth St.", "1200 SIXTH ST"),
        ("1200 Meade Ave Northeast", "1200 MEADE AVE NE"),
        ("1200 Old Inland Empire Highway", "1200 OLD INLAND EMPIRE HWY"),
        ("88 Benitz Boulevard", "88 BENITZ BLVD"),
    ],
)
def test_suffixes_and_directionals_use_usps_abbreviations(typed, line):
    assert parse(typed).street_address == line


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("1200 Highway 12", "1200 HWY 12"),
        ("1200 Avenue C", "1200 AVE C"),
        ("1200 State Route 221", "1200 STATE ROUTE 221"),
    ],
)
def test_a_street_type_before_the_name_is_kept(typed, line):
    # "1200 Highway 12" and "1200 Route 12" are different homes, not both "1200 12".
    assert parse(typed).street_address == line


def test_half_house_number_is_a_different_home():
    assert parse("1200 1/2 N Meade Ave").normalized_key != parse("1200 N Meade Ave").normalized_key


def test_city_case_does_not_change_the_site_and_city_is_upper_cased():
    lower, upper = (
        parse("1200 N Meade Ave", city="prosser"),
        parse("1200 N Meade Ave", city="PROSSER"),
    )

    assert lower.normalized_key == upper.normalized_key
    assert lower.city == "PROSSER"


@pytest.mark.parametrize("zip_code", ["99350-1234", "99350 1234", " 99350 "])
def test_zip_plus_four_is_trimmed_to_five_digits(zip_code):
    parsed = parse("1200 N Meade Ave", zip_code=zip_code)

    assert parsed.zip_code == "99350"
    assert parsed.verified is True
    assert parsed.normalized_key == "1200 N MEADE AVE||99350"


def test_state_is_upper_cased():
    assert parse("1200 N Meade Ave", state="wa").state == "WA"


@pytest.mark.parametrize(
    ("street", "street2"),
    [
        ("1200 N Meade Ave", "Apt 4"),
        ("1200 N Meade Ave", "apt. 4"),
        ("1200 N Meade Ave Apt 4", ""),
        ("1200 N Meade Ave Apt. 4", ""),
    ],
)
def test_unit_from_street_address_2_or_line_1_is_the_same_site(street, street2):
    parsed = parse(street, street2)

    assert parsed.street_address == "1200 N MEADE AVE"
    assert parsed.street_address_2 == "APT 4"
    assert parsed.normalized_key == "1200 N MEADE AVE|APT 4|99350"


@pytest.mark.parametrize(
    ("street", "street2"),
    [("1200 N Meade Ave #4", ""), ("1200 N Meade Ave", "#4"), ("1200 N Meade Ave 4", "")],
)
def test_number_sign_units_have_one_spelling(street, street2):
    assert parse(street, street2).street_address_2 == "# 4"


def test_lot_number_in_street_address_2_is_kept_as_the_unit():
    parsed = parse("1200 N Meade Ave", "Lot 12")

    assert parsed.street_address_2 == "LOT 12"
    assert parsed.normalized_key != parse("1200 N Meade Ave", "Lot 13").normalized_key


def test_street_address_2_wins_over_a_unit_in_line_1():
    assert parse("1200 N Meade Ave Apt 4", "Lot 12").street_address_2 == "LOT 12"


@pytest.mark.parametrize(
    ("street", "street2"),
    [
        ("1200 N Meade Ave", ""),
        ("1200 N Meade Ave", "Apt 4"),
        ("1200 N Meade Ave #4", ""),
        ("1200 Highway 12", ""),
        ("1200 1/2 N Meade Ave", ""),
    ],
)
def test_parsing_a_normalised_address_again_gives_the_same_key(street, street2):
    # Completing a saved job re-parses the stored (normalised) site.
    first = parse(street, street2)

    again = parse_address(
        first.street_address, first.street_address_2, first.city, first.state, first.zip_code
    )

    assert again.normalized_key == first.normalized_key


@pytest.mark.parametrize(
    ("street", "state", "zip_code"),
    [
        ("Lot 12 Sunny Acres", "WA", "99350"),  # no house number
        ("Meade Ave", "WA", "99350"),  # no house number
        ("PO Box 12", "WA", "99350"),  # not a street address
        ("1200 N Meade Ave", "XX", "99350"),  # not a US state
        ("1200 N Meade Ave", "WA", "9935"),  # ZIP too short
        ("1200 N Meade Ave", "WA", "ABCDE"),
    ],
)
def test_unverifiable_address_is_kept_as_typed_with_the_note(street, state, zip_code):
    parsed = parse(street, "Space 7", city="Prosser", state=state, zip_code=zip_code)

    assert parsed.verified is False
    assert parsed.note == UNVERIFIED_NOTE
    assert parsed.street_address == street
    assert parsed.street_address_2 == "Space 7"
    assert parsed.city == "Prosser"
    assert parsed.normalized_key.startswith("U|")


def test_unverified_note_tells_the_technician_what_to_do():
    assert "Street Address 2" in UNVERIFIED_NOTE
    assert "Street Address 2" in SAVED_UNVERIFIED_NOTE


def test_unverified_note_says_what_happened_before_and_after_saving():
    """While the technician types nothing is saved: the note says what will happen. The site
    of a saved job keeps the note in the past tense."""
    parsed = parse("Behind the grain elevator")

    assert "it will be kept as typed and PTCS staff will check it" in parsed.note
    assert "saved" not in parsed.note.split(";")[0]
    assert "has been saved exactly as typed" in parsed.saved_note
    assert parse("1200 N Meade Ave").saved_note == ""


@pytest.mark.parametrize("zip_code", ["99350", "99350-1234", " 99350 "])
def test_a_zip_code_of_five_digits_or_zip_plus_4_is_taken(zip_code):
    assert zip_code_error(zip_code) is None


@pytest.mark.parametrize("zip_code", ["9935", "993501", "99350-12", "993501234", "ABCDE", ""])
def test_any_other_zip_code_is_refused_with_its_form(zip_code):
    assert zip_code_error(zip_code) == "Enter a 5-digit ZIP code, or ZIP+4: 12345 or 12345-6789."


@pytest.mark.parametrize(
    ("state", "error"), [("WA", False), ("or", False), ("XX", True), ("W", True)]
)
def test_a_state_is_a_us_state_code(state, error):
    assert (state_error(state) is not None) is error


def test_the_same_unverified_address_typed_twice_is_one_site():
    first = parse("Lot 12 Sunny Acres", city="Prosser")
    second = parse("lot 12  sunny acres", city="PROSSER")

    assert first.normalized_key == second.normalized_key


def test_verified_and_unverified_keys_never_collide():
    verified = parse("1200 N Meade Ave")
    unverified = parse("1200 N MEADE AVE", state="XX")

    assert (verified.verified, unverified.verified) == (True, False)
    assert verified.normalized_key != unverified.normalized_key
