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

    line = " ".join(
        p
        for p in (
            parts.get("AddressNumber", "").upper(),
            parts.get("AddressNumberSuffix", "").upper(),  # "1200 1/2" is another home
            parts.get("StreetNamePreModifier", "").upper(),
            _token(parts.get("StreetNamePreDirectional", ""), DIRECTIONS),
            # "Highway 12", "Avenue C": the type is part of the name, not to be dropped.
            _token(parts.get("StreetNamePreType", ""), SUFFIXES),
            parts.get("StreetName", "").upper(),
            _token(parts.get("StreetNamePostType", ""), SUFFIXES),
            _token(parts.get("StreetNamePostDirectional", ""), DIRECTIONS),
        )
        if p
    )
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
    key = "|".join([line, unit, zip5])
    return ParsedAddress(line, unit, city.upper(), state, zip5, key, True)
