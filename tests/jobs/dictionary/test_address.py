"""jobs.dictionary.address.parse_address: pure, no database (spec §3; seed 000 FAQ L41-44)."""

import pytest

from jobs.dictionary.address import (
    ORDINAL_WORDS,
    SAVED_UNVERIFIED_NOTE,
    UNVERIFIED_NOTE,
    ordinal_street_name,
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
        ("1200 Twenty-First St", ""),
        ("1200 North Sixth Street", "Apt 4"),
        ("1200 6th Ave NE", ""),
    ],
)
def test_parsing_a_normalised_address_again_gives_the_same_key(street, street2):
    # Completing a saved job re-parses the stored (normalised) site.
    first = parse(street, street2)

    again = parse_address(
        first.street_address, first.street_address_2, first.city, first.state, first.zip_code
    )

    assert again.normalized_key == first.normalized_key


# --- Numbered streets: "Sixth St" and "6th St" are one street ---------------------------


@pytest.mark.parametrize(
    ("words", "figures"),
    [
        ("First", "1st"),
        ("Ninth", "9th"),
        ("Tenth", "10th"),
        ("Eleventh", "11th"),
        ("Twelfth", "12th"),
        ("Thirteenth", "13th"),
        ("Twentieth", "20th"),
        ("Twenty-First", "21st"),
        ("Twenty-Second", "22nd"),
        ("Twenty-Third", "23rd"),
        ("Ninety-Ninth", "99th"),
        ("Hundredth", "100th"),
        ("One Hundredth", "100th"),
    ],
)
def test_a_numbered_street_in_words_is_the_site_of_its_figures(words, figures):
    in_words, in_figures = parse(f"7917 {words} St"), parse(f"7917 {figures} St")

    assert in_words.verified is in_figures.verified is True
    assert (
        in_words.normalized_key == in_figures.normalized_key == f"7917 {figures.upper()} ST||99350"
    )


def test_the_address_shown_keeps_the_street_name_as_typed():
    # Only the key reads the words as a number; the technician's spelling is what they see.
    parsed = parse("7917 Sixth Street")

    assert parsed.street_address == "7917 SIXTH ST"
    assert parsed.normalized_key == "7917 6TH ST||99350"


@pytest.mark.parametrize(
    "typed",
    [
        "7917 Twenty-First St",
        "7917 Twenty First St",
        "7917 twenty-first street",
        "7917 TWENTY-FIRST ST",
        "7917 Twenty - First St",
        "7917 Twenty\u2013First St",  # an en dash, as word processors write the hyphen
        "7917 21st St",
        "7917 21ST St.",
        "7917 21St Street",
    ],
)
def test_case_and_punctuation_of_a_numbered_street_do_not_matter(typed):
    assert parse(typed).normalized_key == "7917 21ST ST||99350"


@pytest.mark.parametrize(("typed", "key"), [("First Ave", "1ST AVE"), ("1st Ave", "1ST AVE")])
def test_first_avenue_is_1st_avenue(typed, key):
    assert parse(f"12 {typed}").normalized_key == f"12 {key}||99350"


@pytest.mark.parametrize(
    ("typed", "key_line"),
    [
        ("12 Firstview Dr", "12 FIRSTVIEW DR"),
        ("12 First Hill Rd", "12 FIRST HILL RD"),
        ("12 Second Creek Rd", "12 SECOND CREEK RD"),
        ("12 Old First St", "12 OLD FIRST ST"),
        ("12 Meade Ave", "12 MEADE AVE"),
    ],
)
def test_a_name_that_only_contains_an_ordinal_is_not_a_numbered_street(typed, key_line):
    assert parse(typed).normalized_key == f"{key_line}||99350"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("7917 N 6th St", "7917 North Sixth Street"),
        ("7917 N. Sixth St.", "7917 n 6TH st"),
        ("7917 Sixth Ave NE", "7917 6th Avenue Northeast"),
        ("7917 W Twenty First St #3", "7917 W 21st St # 3"),
    ],
)
def test_numbered_streets_with_directionals_and_units(one, other):
    assert parse(one).normalized_key == parse(other).normalized_key


def test_numbered_streets_with_different_directionals_or_numbers_stay_apart():
    keys = {
        parse(typed).normalized_key
        for typed in ("7917 N Sixth St", "7917 S Sixth St", "7917 Sixth St", "7917 Seventh St")
    }

    assert len(keys) == 4


def test_the_ordinal_words_name_each_number_from_1_to_100():
    assert sorted(set(ORDINAL_WORDS.values())) == list(range(1, 101))
    assert len(ORDINAL_WORDS) == 101  # "HUNDREDTH" and "ONE HUNDREDTH"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Second", "2ND"),
        ("Third", "3RD"),
        ("Eleventh", "11TH"),
        ("Twelfth", "12TH"),
        ("Thirteenth", "13TH"),
        ("Forty-Fourth", "44TH"),
        ("Seventy second", "72ND"),
        ("101st", "101ST"),
        ("111th", "111TH"),
        ("6 th", "6TH"),
        ("06th", "6TH"),
    ],
)
def test_ordinal_suffixes(name, key):
    assert ordinal_street_name(name) == key


@pytest.mark.parametrize(
    "name", ["6st", "1th", "0th", "Firsts", "First Hill", "I-90", "Sixth-Avenue"]
)
def test_what_is_not_a_numbered_street_is_only_upper_cased(name):
    assert ordinal_street_name(name) == name.upper()


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
