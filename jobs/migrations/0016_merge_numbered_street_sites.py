"""Sites whose addresses differ only by a numbered street in words or figures ("7917 SIXTH ST"
and "7917 6TH ST" at one ZIP) become one site, and every site's key spells its numbered street
in figures, as jobs.dictionary.address now does.

The key is recomputed from each site's stored address with a copy of the normalisation as it
is now (the live module will change; this migration must not). A site whose stored address
does not give back its stored key under the old rule is left as it is: how its key was made is
not known, so it is not guessed at. Unverified sites (keys "U|…") keep their keys: the new rule
applies to parsed addresses only.

Duplicates merge into the oldest site (lowest id): every foreign key to Site, the jobs and
their history rows (django-simple-history) alike, is pointed at it, so each job keeps its
measure ID, its status changes and its versions; a staff note on a duplicate is appended to
the kept site's. The duplicates are then deleted and the new keys written (after the deletes,
so the unique index on the key never sees two sites with one key).

Statuses are not re-evaluated: a second heat pump approved at a home that was two sites stays
as it was decided. Not reversible (merged sites cannot be told apart again); going back leaves
the merged sites and their new keys.
"""

from __future__ import annotations

import re
from collections import defaultdict

import usaddress
from django.db import migrations

# --- Frozen copy of jobs.dictionary.address (key only) -------------------------------------

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
ONES = ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH"]
TEENS = [
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
TENS = ["TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"]
TENS_ORDINAL = [
    "TWENTIETH",
    "THIRTIETH",
    "FORTIETH",
    "FIFTIETH",
    "SIXTIETH",
    "SEVENTIETH",
    "EIGHTIETH",
    "NINETIETH",
]
ORDINAL_WORDS = {word: n for n, word in enumerate(ONES, 1)} | {
    word: n for n, word in enumerate(TEENS, 10)
}
for _tens, (_cardinal, _ordinal) in enumerate(zip(TENS, TENS_ORDINAL, strict=True), 2):
    ORDINAL_WORDS[_ordinal] = _tens * 10
    for _n, _unit in enumerate(ONES, 1):
        ORDINAL_WORDS[f"{_cardinal} {_unit}"] = _tens * 10 + _n
ORDINAL_WORDS["HUNDREDTH"] = ORDINAL_WORDS["ONE HUNDREDTH"] = 100
NUMERIC_ORDINAL = re.compile(r"0*(\d+) ?(ST|ND|RD|TH)")


def _clean(text):
    return re.sub(r"\s+", " ", (text or "").strip())


def _token(value, table):
    word = value.upper().rstrip(".")
    return table.get(word, word)


def _unit(text):
    return _clean(text.upper().replace(".", " ").replace("#", " # "))


def _suffix(n):
    if n % 100 in (11, 12, 13):
        return "TH"
    return {1: "ST", 2: "ND", 3: "RD"}.get(n % 10, "TH")


def ordinal_street_name(name):
    upper = name.upper()
    words = " ".join(re.sub(r"[-\u2010-\u2015.]", " ", upper).split())
    number = ORDINAL_WORDS.get(words)
    if number is not None:
        return f"{number}{_suffix(number)}"
    match = NUMERIC_ORDINAL.fullmatch(words)
    if match and match[1] != "0" and _suffix(int(match[1])) == match[2]:
        return f"{int(match[1])}{match[2]}"
    return upper


def site_key(street_address, street_address_2, city, state, zip_code, *, ordinals=True):
    """jobs.dictionary.address.parse_address(...).normalized_key; ``ordinals=False``: the key
    as it was made before numbered streets were read as numbers."""
    street, street2 = _clean(street_address), _clean(street_address_2)
    city, state, zip5 = _clean(city), _clean(state).upper(), _clean(zip_code)[:5]
    try:
        parts, kind = usaddress.tag(street)
    except usaddress.RepeatedLabelError:
        parts, kind = {}, "Ambiguous"
    if (
        state not in US_STATES
        or not re.fullmatch(r"\d{5}", zip5)
        or kind != "Street Address"
        or not parts.get("AddressNumber")
        or not parts.get("StreetName")
    ):
        return "|".join(["U", street.upper(), street2.upper(), city.upper(), state, zip5])
    name = parts.get("StreetName", "")
    line = " ".join(
        p
        for p in (
            parts.get("AddressNumber", "").upper(),
            parts.get("AddressNumberSuffix", "").upper(),
            parts.get("StreetNamePreModifier", "").upper(),
            _token(parts.get("StreetNamePreDirectional", ""), DIRECTIONS),
            _token(parts.get("StreetNamePreType", ""), SUFFIXES),
            ordinal_street_name(name) if ordinals else name.upper(),
            _token(parts.get("StreetNamePostType", ""), SUFFIXES),
            _token(parts.get("StreetNamePostDirectional", ""), DIRECTIONS),
        )
        if p
    )
    unit = _unit(street2)
    if not unit:
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
    return "|".join([line, unit, zip5])


# --- The merge -------------------------------------------------------------------------------

#: A stored address the new rule can change names a numbered street: an ordinal word, or
#: figures with an ordinal suffix. Only these are parsed again (usaddress reads about 5,000
#: addresses a second; a registry of a million sites need not wait for all of them).
MAY_CHANGE = re.compile(
    r"FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH|ELEVENTH|TWELFTH"
    r"|TEENTH|TIETH|HUNDREDTH|\d[\s.\-\u2010-\u2015]*(ST|ND|RD|TH)\b"
)
BATCH = 1000


def new_keys(Site) -> dict[int, str]:
    """Site id → its new key, for the sites whose key changes."""
    changed = {}
    rows = Site.objects.order_by("pk").values_list(
        "pk", "street_address", "street_address_2", "city", "state", "zip_code", "normalized_key"
    )
    for pk, *address, key in rows.iterator(chunk_size=5000):
        if key.startswith("U|") or not MAY_CHANGE.search(address[0].upper()):
            continue
        new = site_key(*address)
        if new != key and site_key(*address, ordinals=False) == key:
            changed[pk] = new
    return changed


def site_references(apps, Site):
    """Every (model, foreign key column) pointing at Site in this state of the apps: the jobs,
    their history rows, and whatever else refers to a site."""
    return [
        (model, field.attname)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.many_to_one and field.related_model is Site
    ]


def merge_sites(apps, schema_editor):
    Site = apps.get_model("jobs", "Site")
    changed = new_keys(Site)
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, key in changed.items():
        groups[key].append(pk)
    # A site already keyed in figures ("7917 6TH ST") joins the sites that now take its key.
    wanted = list(groups)
    for start in range(0, len(wanted), BATCH):
        holders = Site.objects.filter(normalized_key__in=wanted[start : start + BATCH])
        for pk, key in holders.values_list("pk", "normalized_key"):
            if pk not in changed:
                groups[key].append(pk)
    references = site_references(apps, Site)
    moving = []  # the kept sites whose key changes
    for pks in groups.values():
        keep, *duplicates = sorted(pks)
        if keep in changed:
            moving.append(keep)
        if not duplicates:
            continue
        for model, column in references:
            model._base_manager.filter(**{f"{column}__in": duplicates}).update(**{column: keep})
        kept_note = Site.objects.values_list("verification_note", flat=True).get(pk=keep)
        others = Site.objects.filter(pk__in=duplicates).order_by("pk")
        notes = [kept_note, *others.values_list("verification_note", flat=True)]
        note = "\n\n".join(dict.fromkeys(n for n in notes if n))
        if note != kept_note:
            Site.objects.filter(pk=keep).update(verification_note=note)
        others.delete()
    # In two steps: a kept site's new key may still be another kept site's old one until that
    # one moves too. ("merging|…" is lower case: no real key is.)
    for pk in moving:
        Site.objects.filter(pk=pk).update(normalized_key=f"merging|{pk}")
    for pk in moving:
        Site.objects.filter(pk=pk).update(normalized_key=changed[pk])


class Migration(migrations.Migration):
    dependencies = [("jobs", "0015_federal_minimums_and_seer2")]
    operations = [migrations.RunPython(merge_sites, migrations.RunPython.noop)]
