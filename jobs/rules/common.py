"""Checks every measure shares: certification, address, the one-per-home rule."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from jobs.rules.calc import num
from jobs.rules.documents import cite, cite_all
from jobs.rules.ruleset import RuleSet
from jobs.rules.types import (
    GSHP_QUALIFICATIONS,
    REQUIRED_CERTIFICATION,
    Check,
    Context,
    MeasureType,
    Status,
    TechnicianFact,
)

CERT_LABELS = {
    "ptcs_heat_pump": "PTCS Heat Pump",
    "ground_source": "Ground Source Heat Pump (PTCS + IGSHPA)",
    "ptcs_duct_sealing": "PTCS Duct Sealing",
    "prescriptive_duct_sealing": "Prescriptive Duct Sealing",
    "igshpa": "IGSHPA Accredited Installer",
}


CERTIFICATION_SOURCE = cite("im", "§10.8.2.1", "§10.8.2.2", "§10.8.2.3")


def _active(certs, cert_types, days) -> bool:
    return all(any(c.cert_type in cert_types and c.active_on(day) for c in certs) for day in days)


def _both_ways(judge, passes, install_date: datetime.date, ctx: Context, rs: RuleSet):
    """``judge(days)`` on the install date alone and on the install date and the day of entry,
    each once: the judgement under the rule set's choice (a registry choice, see
    jobs.rules.registry_choices), the judgement on the install date alone, and whether the two
    ways ``passes`` differently (then the outcome rests on that choice and the reviewer is
    told)."""
    on_install = judge((install_date,))
    on_both = judge((install_date, ctx.entry_date)) if ctx.entry_date else on_install
    chosen = on_both if rs.certification_also_on_entry_date else on_install
    return chosen, on_install, passes(on_install) != passes(on_both)


def certification(
    measure: MeasureType, install_date: datetime.date | None, ctx: Context, rs: RuleSet
) -> Check:
    """The installing technician held an active certification for the measure on the install
    date (spec §2; 003 L10000-10002, L10232-10242, L10343-10358; 004 L446), and on the day of
    entry if the rule set asks for it. Blocking.

    Ground source heat pumps may be installed by several technicians who together hold the
    qualifications (``ground_source_certification``)."""
    if measure == MeasureType.GSHP:
        return ground_source_certification(install_date, ctx, rs)
    needed = REQUIRED_CERTIFICATION[measure]
    label = CERT_LABELS[needed]
    held = [c for c in ctx.certifications if c.cert_type == needed]
    ok = on_install = decides = False
    if install_date is not None:
        ok, on_install, decides = _both_ways(
            lambda days: _active(held, {needed}, days), bool, install_date, ctx, rs
        )
    if ok:
        message = f"Technician held an active {label} certification on {install_date}."
        if rs.certification_also_on_entry_date and ctx.entry_date is not None:
            message = (
                f"Technician held an active {label} certification on {install_date} and on "
                f"the day of entry, {ctx.entry_date}."
            )
    elif not held:
        message = f"The installing technician has no {label} certification, so this job cannot be completed."
    elif on_install:
        message = (
            f"The installing technician's {label} certification was active on the install date "
            f"{install_date} but not on the day of entry, {ctx.entry_date}, which this rule set "
            "also requires, so this job cannot be completed."
        )
    elif any(c.current_status == "expired" for c in held):
        message = (
            f"The installing technician's {label} certification expired, so this job cannot be "
            "completed; renew it with a new Certified Technician Application."
        )
    else:
        message = (
            f"The installing technician's {label} certification was not active on the install "
            f"date {install_date}, so this job cannot be completed."
        )
    return Check(
        rule="technician.certified_on_install_date",
        # Seed 003 §10.8.2 (L10000-10002, L10232-10242, L10343-10358); 004 L446.
        source=CERTIFICATION_SOURCE,
        passed=ok,
        message=message,
        values={"certification": needed, "install_date": install_date},
        threshold="active on the install date"
        + (" and the day of entry" if rs.certification_also_on_entry_date else ""),
        effect=Status.REJECTED,
        blocking=True,
        rests_on=("certification_also_on_entry_date",) if decides else (),
    )


def ground_source_certification(
    install_date: datetime.date | None, ctx: Context, rs: RuleSet
) -> Check:
    """ "A technician or technicians certified in PTCS ... and IGSHPA. Multiple technicians may
    be employed to meet these certification requirements, but they must have been present
    during the installation" (003 L10232-10242): the installing technician and the others the
    job names as present together hold every qualification of ``GSHP_QUALIFICATIONS`` on the
    install date (and on the day of entry, if the rule set asks for it). The message says who
    held what. Blocking, like every certification check."""
    installer = ctx.technician or TechnicianFact(0, "the installing technician")
    people = (replace(installer, certifications=ctx.certifications), *ctx.present_technicians)
    unknown = [p.label for p in ctx.present_technicians if not p.known]

    def holders(days) -> dict[str, list[str]]:
        return {
            label: [p.label for p in people if _active(p.certifications, cert_types, days)]
            for _, label, cert_types in GSHP_QUALIFICATIONS
        }

    held: dict[str, list[str]] = {label: [] for _, label, _ in GSHP_QUALIFICATIONS}
    decides = False
    if install_date is not None:
        held, _, decides = _both_ways(holders, lambda h: all(h.values()), install_date, ctx, rs)
    missing = [q for q, names in held.items() if not names]
    who = "; ".join(
        f"{q}: {', '.join(names) if names else 'no one present'}" for q, names in held.items()
    )
    if install_date is None:
        message = "The install date decides whose certifications count; enter it."
    elif not missing:
        message = f"On the install date {install_date} the technicians present held {who}."
    else:
        message = (
            f"On the install date {install_date} no technician named as present held "
            f"{' or '.join(missing)} ({who}), so this job cannot be completed. Name the "
            "certified technicians who were present by Technician ID."
        )
    if unknown:
        message += f" Not in the registry: {', '.join(unknown)}."
    return Check(
        rule="technician.certified_on_install_date",
        source=CERTIFICATION_SOURCE,
        passed=install_date is not None and not missing,
        message=message,
        values={
            "install_date": install_date,
            "technicians_present": ", ".join(str(p.technician_id) for p in ctx.present_technicians)
            or None,
            **{
                f"held_{key}": ", ".join(held[label]) or None
                for key, label, _ in GSHP_QUALIFICATIONS
            },
        },
        threshold="PTCS heat pump and IGSHPA held, together, by technicians present",
        effect=Status.REJECTED,
        blocking=True,
        rests_on=("certification_also_on_entry_date",) if decides else (),
    )


def address(ctx: Context) -> Check:
    """An address that cannot be verified is kept, flagged and reviewed (seed 000 L43-44)."""
    return Check(
        rule="site.address_verified",
        source=cite("registry_help", "FAQ"),  # seed 000 L43-44
        passed=ctx.address_verified,
        message=(
            "Site address verified."
            if ctx.address_verified
            else "The site address could not be verified; it is kept as typed and PTCS staff "
            "will check it. Please make sure it is correct."
        ),
        effect=Status.BPA_PENDING,
    )


def one_per_home(
    measure: MeasureType, facts: Mapping[str, Any], ctx: Context, rs: RuleSet
) -> Check:
    """A second heat pump or duct sealing measure at a home needs the two-measure allowance:
    heated area > 4,500 sq ft or two separate duct systems (003 L10013-10016, L10369-10371);
    never for ground source (L10244-10245). Otherwise staff review (000 L39-40)."""
    same_family = [
        j
        for j in ctx.other_site_jobs
        if j.status in rs.one_per_home_counted_statuses
        and MeasureType(j.measure_type).family == measure.family
        and _within_window(j, facts, rs)
    ]
    area = num(facts, "heated_area_sqft")
    two_systems = bool(facts.get("separate_duct_systems"))
    large = area is not None and area > rs.two_measures_min_area_sqft
    allowance = large or two_systems if measure.family == "heat_pump" else two_systems
    gshp_twice = measure == MeasureType.GSHP and any(
        j.measure_type == MeasureType.GSHP for j in same_family
    )
    ok = not same_family or (len(same_family) == 1 and allowance and not gshp_twice)
    ids = ", ".join(str(j.measure_id) for j in same_family)
    if not same_family:
        message = "No other job of this kind at this site."
    elif ok:
        message = (
            f"Second measure at this site (job {ids}) allowed: home over "
            f"{rs.two_measures_min_area_sqft:,.0f} sq ft or two duct systems."
        )
    else:
        message = (
            f"This site already has job {ids} of the same kind. A second measure is allowed only "
            f"for homes over {rs.two_measures_min_area_sqft:,.0f} sq ft (heat pumps) or with two "
            "separate duct systems; PTCS staff will review it."
        )
    return Check(
        rule="site.one_measure_per_family",
        # Seed 003 §10.8.2 (L10013-10016, L10244-10245, L10369-10371); 000 L39-40.
        source=cite_all(
            cite("im", "§10.8.2.1", "§10.8.2.2", "§10.8.2.3"), cite("registry_help", "FAQ")
        ),
        passed=ok,
        message=message,
        values={"other_jobs": ids, "heated_area_sqft": area, "separate_duct_systems": two_systems},
        threshold=f"one per home unless > {rs.two_measures_min_area_sqft:,.0f} sq ft or two duct systems",
        effect=Status.BPA_PENDING,
        rests_on=_counted_as_first_measure(same_family) if not ok else (),
    )


def _within_window(job, facts: Mapping[str, Any], rs: RuleSet) -> bool:
    """An earlier job counts as the home's first measure for ``one_per_home_window_years``
    (None: however old it is). A job without an install date always counts."""
    if rs.one_per_home_window_years is None or job.install_date is None:
        return True
    install = facts.get("install_date")
    if not isinstance(install, datetime.date):
        return True
    days = round(rs.one_per_home_window_years * 365.25)
    return job.install_date >= install - datetime.timedelta(days=days)


def _counted_as_first_measure(same_family) -> tuple[str, ...]:
    """The registry choices a second-measure review rests on: the time window always (no
    window is a choice too), and which statuses count when an earlier job is one the seeds
    might not count (Record Only, BPA Pending)."""
    choices = ["one_per_home_window_years"]
    if any(j.status in (Status.RECORD_ONLY, Status.BPA_PENDING) for j in same_family):
        choices.insert(0, "one_per_home_counted_statuses")
    return tuple(choices)


def ruleset_missing(install_date: datetime.date | None) -> Check:
    return Check(
        rule="ruleset.in_force",
        source=cite("registry_rules", "dated rule sets"),  # domain-rules §0
        passed=False,
        message=(
            f"No rule set of the registry covers the install date {install_date}; PTCS staff "
            "will review the job by hand."
        ),
        values={"install_date": install_date},
        effect=Status.BPA_PENDING,
    )
