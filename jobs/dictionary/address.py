"""Site address parsing with usaddress (spec §3; seed 000 FAQ L41-44).

Pure functions. An address that cannot be parsed is never dropped: it is kept exactly as
typed and flagged unverified, with a note telling the technician what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import usaddress

# USPS Publication 28 abbreviations for the common street suffixes and directionals.
SUFFIXES = {
    "AVENUE": "AVE",
    "AV": "AVE",
    "STREET": "ST",
    "STR": "ST",
    "ROAD": "RD",
    "DRIVE": "DR",
    "LANE": "LN",
    "COURT": "CT",
    "PLACE": "PL",
    "BOULEVARD": "BLVD",
    "HIGHWAY": "HWY",
    "CIRCLE": "CIR",
    "TERRACE": "TER",
    "PARKWAY": "PKWY",
    "WAY": "WAY",
    "TRAIL": "TRL",
    "LOOP": "LOOP",
    "ROUTE": "RTE",
    "SQUARE": "SQ",
}
DIRECTIONS = {
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "NORTHEAST": "NE",
    "NORTHWEST": "NW",
    "SOUTHEAST": "SE",
    "SOUTHWEST": "SW",
}
# Numbered streets: Publication 28 (§235) keeps a numbered street as the ZIP+4 file spells it,
# "7TH ST" in one town and "SEVENTH ST" in another, and a technician types either. The key
# always uses the figures, so "7917 Sixth St" and "7917 6th St" are one home; the address shown
# keeps the words as typed.
_ONES_ORDINAL = [
    "FIRST",
    "SECOND",
    "THIRD",
    "FOURTH",
    "FIFTH",
    "SIXTH",
    "SEVENTH",
    "EIGHTH",
    "NINTH",
]
_TEENS_ORDINAL = [
    "TENTH",
    "ELEVENTH",
    "TWELFTH",
    "THIRTEENTH",
    "FOURTEENTH",
    "FIFTEENTH",
    "SIXTEENTH",
    "SEVENTEENTH",
    "EIGHTEENTH",
    "NINETEENTH",
]
_TENS = ["TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"]
_TENS_ORDINAL = [
    "TWENTIETH",
    "THIRTIETH",
    "FORTIETH",
    "FIFTIETH",
    "SIXTIETH",
    "SEVENTIETH",
    "EIGHTIETH",
    "NINETIETH",
]


def _ordinal_words() -> dict[str, int]:
    """Ordinal words joined by one space and their numbers: "FIRST" → 1 … "TWENTY FIRST" →
    21 … "HUNDREDTH" → 100."""
    words = {word: n for n, word in enumerate(_ONES_ORDINAL, 1)}
    words |= {word: n for n, word in enumerate(_TEENS_ORDINAL, 10)}
    for tens, (cardinal, ordinal) in enumerate(zip(_TENS, _TENS_ORDINAL, strict=True), 2):
        words[ordinal] = tens * 10
        for n, unit in enumerate(_ONES_ORDINAL, 1):
            words[f"{cardinal} {unit}"] = tens * 10 + n
    words["HUNDREDTH"] = words["ONE HUNDREDTH"] = 100
    return words


ORDINAL_WORDS = _ordinal_words()
_NUMERIC_ORDINAL = re.compile(r"0*(\d+) ?(ST|ND|RD|TH)")


def _ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "TH"
    return {1: "ST", 2: "ND", 3: "RD"}.get(n % 10, "TH")


def ordinal_street_name(name: str) -> str:
    """The key's spelling of a street name: a numbered street in figures ("Sixth", "6th",
    "Twenty-First", "twenty first", "21ST" → "6TH", "6TH", "21ST", "21ST", "21ST"), any other
    name upper-cased and otherwise untouched ("Firstview", "First Hill", "Second Creek" stay:
    only a name that is wholly an ordinal is a numbered street)."""
    upper = name.upper()
    words = " ".join(re.sub(r"[-\u2010-\u2015.]", " ", upper).split())  # hyphens, dashes
    number = ORDINAL_WORDS.get(words)
    if number is not None:
        return f"{number}{_ordinal_suffix(number)}"
    match = _NUMERIC_ORDINAL.fullmatch(words)
    if match and match[1] != "0" and _ordinal_suffix(int(match[1])) == match[2]:
        # "6 th", "06th" → "6TH"; a wrong suffix ("6ST") is not read as a number.
        return f"{int(match[1])}{match[2]}"
    return upper


US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "  # noqa: SIM905
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
# Seed 000 FAQ L43-44: "What do I do if the address cannot be verified upon entry? Please
# verify the address is correct and email the form(s)". Two tenses of one note: while the
# technician is still typing nothing has been saved yet (``note``), and once the job is saved
# the site keeps the other (``saved_note``, Site.verification_note).
UNVERIFIED_NOTE = (
    "This address could not be verified; it will be kept as typed and PTCS staff will check "
    "it. Please make sure it is right and, once the job is saved, e-mail the form to the PTCS "
    "team. Put lot or unit numbers in Street Address 2."
)
SAVED_UNVERIFIED_NOTE = (
    "We could not verify this address. It has been saved exactly as typed and the job will be "
    "reviewed; please check it and, if it is right, e-mail the form to the PTCS team. "
    "Put lot or unit numbers in Street Address 2."
)
#: A ZIP code as the Site Address step takes it: five digits, or ZIP+4.
ZIP_CODE = re.compile(r"\d{5}(-\d{4})?")


def zip_code_error(zip_code: str) -> str | None:
    """What is wrong with a typed ZIP code, if anything (the Site Address step)."""
    if ZIP_CODE.fullmatch(_clean(zip_code)):
        return None
    return "Enter a 5-digit ZIP code, or ZIP+4: 12345 or 12345-6789."


def state_error(state: str) -> str | None:
    """What is wrong with a typed state, if anything: the two-letter code of a US state."""
    if _clean(state).upper() in US_STATES:
        return None
    return "Enter the two-letter code of a US state, such as WA, OR, ID or MT."


@dataclass(frozen=True)
class ParsedAddress:
    street_address: str
    street_address_2: str
    city: str
    state: str
    zip_code: str
    normalized_key: str
    verified: bool
    note: str = ""

    @property
    def saved_note(self) -> str:
        """The note a saved site keeps: the same advice, told after the fact."""
        return "" if self.verified else SAVED_UNVERIFIED_NOTE


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip())


def _token(value: str, table: dict[str, str]) -> str:
    word = value.upper().rstrip(".")
    return table.get(word, word)


def _unit(text: str) -> str:
    """One spelling per unit ("Apt. 4" and "apt 4" → "APT 4"; "#4" → "# 4"), so that the same
    home typed twice is one site."""
    return _clean(text.upper().replace(".", " ").replace("#", " # "))


def parse_address(
    street_address: str, street_address_2: str, city: str, state: str, zip_code: str
) -> ParsedAddress:
    """Normalise a site address; ``verified`` is False when it cannot be parsed as a street
    address with a house number, a street name, a US state and a 5-digit ZIP."""
    street, street2 = _clean(street_address), _clean(street_address_2)
    city, state, zip5 = _clean(city), _clean(state).upper(), _clean(zip_code)[:5]
    problems = []
    if state not in US_STATES:
        problems.append("state")
    if not re.fullmatch(r"\d{5}", zip5):
        problems.append("ZIP code")
    try:
        parts, kind = usaddress.tag(street)
    except usaddress.RepeatedLabelError:
        parts, kind = {}, "Ambiguous"
    if kind != "Street Address" or not parts.get("AddressNumber") or not parts.get("StreetName"):
        problems.append("street address")

    if problems:
        key = "|".join(["U", street.upper(), street2.upper(), city.upper(), state, zip5])
        return ParsedAddress(street, street2, city, state, zip5, key, False, UNVERIFIED_NOTE)

    before = (
        parts.get("AddressNumber", "").upper(),
        parts.get("AddressNumberSuffix", "").upper(),  # "1200 1/2" is another home
        parts.get("StreetNamePreModifier", "").upper(),
        _token(parts.get("StreetNamePreDirectional", ""), DIRECTIONS),
        # "Highway 12", "Avenue C": the type is part of the name, not to be dropped.
        _token(parts.get("StreetNamePreType", ""), SUFFIXES),
    )
    after = (
        _token(parts.get("StreetNamePostType", ""), SUFFIXES),
        _token(parts.get("StreetNamePostDirectional", ""), DIRECTIONS),
    )
    name = parts.get("StreetName", "")
    # The address shown keeps the street name's words; only the key reads them as a number.
    line = " ".join(p for p in (*before, name.upper(), *after) if p)
    key_line = " ".join(p for p in (*before, ordinal_street_name(name), *after) if p)
    unit = _unit(street2)
    if not unit:
        # A unit typed in line 1 ("Apt 4", "#4", "Bldg 2 Apt 4"); a bare number is "# n".
        occupancy = parts.get("OccupancyIdentifier", "")
        kind = parts.get("OccupancyType") or ("#" if occupancy[:1] not in ("", "#") else "")
        unit = _unit(
            " ".join(
                (
                    parts.get("SubaddressType", ""),
                    parts.get("SubaddressIdentifier", ""),
                    kind,
                    occupancy,
                )
            )
        )
    key = "|".join([key_line, unit, zip5])
    return ParsedAddress(line, unit, city.upper(), state, zip5, key, True)
