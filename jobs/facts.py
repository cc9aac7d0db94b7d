"""What the engine needs to know beyond the form: the technician's certification periods,
other jobs at the site, the program administrator, the site's heating and cooling zones, and
the reference data (rule sets, ring calibrations, the zone map, the equipment directory)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.utils import timezone

from jobs import reference
from jobs.models import AhriRating, Job, RuleSetRecord, Site
from jobs.rules import registry_choices
from jobs.rules.ruleset import (
    BUILTIN_RULESETS,
    VALUE_FIELDS,
    RuleSet,
    federal_minimums_from_record,
    ruleset_to_record_values,
)
from jobs.rules.types import CertificationFact, Context, SiteJobFact, TechnicianFact
from technicians.models import Certification, CertificationStatusChange, TechnicianProfile
from utilities.models import Utility


def certification_facts(technician: TechnicianProfile) -> tuple[CertificationFact, ...]:
    """Each certification with the periods it was active, from its status-change rows.

    A period opens on the effective date (or the day it became active) and closes the day
    before it stopped being active, and never runs past the expiry date.
    """
    return certification_facts_of([technician])[technician.pk]


def certification_facts_of(
    technicians: Iterable[TechnicianProfile],
) -> dict[int, tuple[CertificationFact, ...]]:
    """``certification_facts`` of several technicians by profile id, in the same two queries
    as for one (a company administrator's measure type choice asks for all its technicians).
    """
    facts: dict[int, list[CertificationFact]] = {t.pk: [] for t in technicians}
    # Plain rows, not model instances: this runs on every completion.
    certs = list(
        Certification.objects.filter(technician__in=list(facts)).values_list(
            "pk",
            "technician_id",
            "cert_type",
            "status",
            "effective_date",
            "expiry_date",
            named=True,
        )
    )
    changes_of: dict[int, list] = defaultdict(list)
    if certs:
        rows = CertificationStatusChange.objects.filter(
            certification_id__in=[cert.pk for cert in certs]
        ).values_list("certification_id", "from_status", "to_status", "at", named=True)
        for row in rows:  # oldest first (the model's ordering: at, id)
            changes_of[row.certification_id].append(row)
    for cert in certs:
        periods: list[tuple[datetime.date, datetime.date | None]] = []
        start = None
        changes = changes_of[cert.pk]
        if (
            changes
            and changes[0].from_status == Certification.Status.ACTIVE
            and cert.effective_date
        ):
            # Active before its first recorded change (e.g. imported, then expired by the
            # daily task): the first period starts on the effective date.
            start = cert.effective_date
        for change in changes:
            # The local calendar day: a suspension at 17:00 in Prosser is already tomorrow in UTC.
            day = timezone.localdate(change.at)
            if change.to_status == Certification.Status.ACTIVE and start is None:
                # The effective date may be backdated before the approval row, but only the
                # first period starts there: a re-activation starts on its own day, or the
                # suspension gap would count as active.
                first = not periods and cert.effective_date
                start = min(day, cert.effective_date) if first else day
            elif change.to_status != Certification.Status.ACTIVE and start is not None:
                periods.append((start, day - datetime.timedelta(days=1)))
                start = None
        if start is not None:
            periods.append((start, None))
        if not changes and cert.status == Certification.Status.ACTIVE and cert.effective_date:
            periods.append((cert.effective_date, None))
        if cert.expiry_date:
            periods = [
                (s, min(e, cert.expiry_date) if e else cert.expiry_date)
                for s, e in periods
                if s <= cert.expiry_date
            ]
        facts[cert.technician_id].append(
            CertificationFact(cert.cert_type, tuple(periods), cert.status)
        )
    return {pk: tuple(held) for pk, held in facts.items()}


def _name(profile: TechnicianProfile) -> str:
    return profile.user.get_full_name() or profile.user.username


def present_technicians(
    ids: tuple[int, ...], installer: TechnicianProfile | None
) -> tuple[TechnicianFact, ...]:
    """The other technicians a ground source job names as present at the installation, each
    with their certification periods, in the order named; the installing technician is not
    counted twice, and an ID the registry does not have is kept as unknown so the check can
    name it."""
    own = installer.technician_id if installer is not None else None
    ids = tuple(i for i in ids if i != own)
    if not ids:
        return ()
    profiles = {
        p.technician_id: p
        for p in TechnicianProfile.objects.filter(technician_id__in=ids).select_related("user")
    }
    return tuple(
        TechnicianFact(i, _name(profiles[i]), certification_facts(profiles[i]))
        if i in profiles
        else TechnicianFact(i, known=False)
        for i in ids
    )


def evaluation_context(
    technician: TechnicianProfile,
    site: Site | None,
    utility: Utility | None,
    exclude_job_id: int | None = None,
    *,
    ahri_number: str | None = None,
    site_is_new: bool = False,
    present_ids: tuple[int, ...] | None = None,
    ref: reference.Reference | None = None,
) -> Context:
    """The facts the engine needs beyond the form. ``ahri_number``: a heat pump's AHRI
    number, looked up in the equipment directory (``ahri_known``). ``site_is_new``: the site
    was created in this transaction, so no other job can be at it yet (one query fewer).
    ``ref``: the reference data already read for this evaluation (``reference.current()``).
    The site's zones are those of its ZIP code in the zone map (read with the reference data,
    so no query of its own); a ZIP code the map lacks leaves them None, and the checks that
    need them name that ZIP code. ``present_ids``: for a ground source job, the other
    technicians it names as present (their certifications count too, and the check names
    everyone); None for other measures, which read no names."""
    ref = ref or reference.current()
    other_jobs: tuple[SiteJobFact, ...] = ()
    if site is not None and site.pk and not site_is_new:
        others = Job.objects.filter(site=site).exclude(status=Job.Status.IN_PROGRESS)
        if exclude_job_id:
            others = others.exclude(pk=exclude_job_id)
        other_jobs = tuple(
            SiteJobFact(measure_id, measure_type, status, install_date)
            for measure_id, measure_type, status, install_date in others.values_list(
                "measure_id", "measure_type", "status", "install_date"
            )
        )
    zip_code = site.zip_code if site is not None else ""
    heating_zone, cooling_zone = ref.zones_of(zip_code)
    return Context(
        certifications=certification_facts(technician),
        technician=None
        if present_ids is None
        else TechnicianFact(technician.technician_id or 0, _name(technician)),
        present_technicians=present_technicians(present_ids or (), technician),
        entry_date=timezone.localdate(),
        other_site_jobs=other_jobs,
        address_verified=site.verified if site is not None else True,
        program_administrator=utility.program_administrator if utility else "bpa",
        heating_zone=heating_zone,
        cooling_zone=cooling_zone,
        zip_code=zip_code,
        ring_calibrations=ref.calibrations,
        ahri_known=ahri_known(ahri_number, directory=ref.ahri_directory),
    )


def ahri_known(ahri_number: str | None, *, directory: bool | None = None) -> bool | None:
    """Whether the equipment directory lists the number. None when there is no number or no
    directory (an empty AhriRating table): the engine then only asks for a number, as before the
    directory existed. ``directory``: whether the table has rows, when already known
    (``reference.current()``)."""
    if not ahri_number:
        return None
    if directory is None:
        directory = AhriRating.objects.exists()
    if not directory:
        return None
    return AhriRating.objects.filter(ahri_number=ahri_number.strip()).exists()


def ahri_prefill(ahri_number: str) -> dict | None:
    """The directory's values for a number by data-dictionary field names (the entry
    form's pre-fill); None when the number is not listed."""
    rating = AhriRating.objects.filter(ahri_number=ahri_number.strip()).first()
    if rating is None:
        return None
    return {
        "ahri_number": rating.ahri_number,
        "make": rating.make,
        "outdoor_model": rating.outdoor_model,
        "indoor_model": rating.indoor_model,
        "seer": rating.seer,
        "hspf": rating.hspf,
        "seer2": rating.seer2,
        "hspf2": rating.hspf2,
        "outdoor_capacity_tons": rating.capacity_tons,
    }


def active_rulesets() -> tuple[RuleSet, ...]:
    """The rule sets the engine uses: the active RuleSetRecord rows, by effective_from. The
    built-in sets when no record is active (an empty table). Read through ``jobs.reference``
    (kept per process while the table is unchanged)."""
    return reference.current().rulesets


def ruleset_rows() -> list[dict]:
    """Every stored rule set (active or not) for the staff review page, each threshold as a
    row in the engine's field order with its label and, for a value the registry chose where
    the program documents are silent, the rationale; the built-ins when none is stored."""
    records = list(RuleSetRecord.objects.order_by("effective_from", "key"))
    if not records:
        records = [
            RuleSetRecord(
                key=rs.key,
                name=rs.name,
                effective_from=rs.effective_from,
                effective_to=rs.effective_to,
                sources=list(rs.sources),
                values=ruleset_to_record_values(rs),
                active=True,
            )
            for rs in BUILTIN_RULESETS
        ]
    rows = []
    for record in records:
        values = record.values if isinstance(record.values, dict) else {}
        order = [n for n in VALUE_FIELDS if n in values] + sorted(set(values) - set(VALUE_FIELDS))
        rows.append(
            {
                "record": record,
                "sources": record.sources if isinstance(record.sources, list) else [],
                "thresholds": [
                    {
                        "name": name,
                        "label": registry_choices.label(name),
                        "value": values[name],
                        "table": _table(name, values[name]),
                        "rationale": registry_choices.rationale(name),
                    }
                    for name in order
                ],
            }
        )
    return rows


def _table(name: str, value) -> list[dict] | None:
    """The federal minimum table as rows a person reads (DOE standard, from, the minimum in
    each rating); None for any other threshold, or a table too broken to read (the raw value
    is shown instead)."""
    if name != "federal_minimums":
        return None
    try:
        table = federal_minimums_from_record(value)
    except ValueError:
        return None
    return [
        {
            "standard": row.standard,
            "effective_from": row.effective_from,
            "seer_hspf": f"{row.seer:g} SEER / {row.hspf:g} HSPF",
            "seer2_hspf2": (
                f"{row.seer2:g} SEER2 / {row.hspf2:g} HSPF2" if row.in_seer2 else "not stated"
            ),
        }
        for row in table
    ]
