"""Which measure types a technician may enter for an install date, asked before the form is
filled (the measure type choice): the certification check of ``jobs.rules.common`` asked
early, so that a technician is not offered a measure the check would refuse at Complete.

Ground source heat pumps may be installed by several technicians who together hold the
qualifications (003 L10232-10242): a technician who holds only part of them is still offered
the measure, and told what else the job needs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from jobs.rules.common import CERT_LABELS, certification
from jobs.rules.ruleset import RuleSet
from jobs.rules.types import (
    GSHP_QUALIFICATIONS,
    REQUIRED_CERTIFICATION,
    Context,
    MeasureType,
)


@dataclass(frozen=True)
class MeasureOffer:
    """One measure type on the choice page. ``available`` False: shown disabled, ``note``
    says why. ``available`` with a ``note``: offered, and the note says what else the job
    needs (a ground source heat pump's other qualification); ``missing`` names it."""

    measure: MeasureType
    available: bool
    note: str = ""
    missing: tuple[str, ...] = ()


def measure_offers(
    install_date: datetime.date, ctx: Context, rs: RuleSet
) -> tuple[MeasureOffer, ...]:
    """Every measure type, in order, for the installing technician whose certifications are
    ``ctx.certifications``, installed on ``install_date`` and entered on ``ctx.entry_date``
    (which counts too when ``rs`` asks for it), under the rule set in force then."""
    return tuple(_offer(measure, install_date, ctx, rs) for measure in MeasureType)


def _offer(
    measure: MeasureType, install_date: datetime.date, ctx: Context, rs: RuleSet
) -> MeasureOffer:
    if measure == MeasureType.GSHP:
        return _ground_source_offer(install_date, ctx, rs)
    if certification(measure, install_date, ctx, rs).passed:
        return MeasureOffer(measure, True)
    needed = REQUIRED_CERTIFICATION[measure]
    label = CERT_LABELS[needed]
    held = [c for c in ctx.certifications if c.cert_type == needed]
    if not held:
        note = f"Not certified for {label} on {install_date} — apply to add it."
    elif any(c.active_on(install_date) for c in held):
        # Active on the install date, so it is the day of entry the rule set also asks for.
        note = (
            f"Certified for {label} on {install_date} but not today, and the rule set in force "
            "on that date asks for both days."
        )
    else:
        note = (
            f"Not certified for {label} on {install_date}: the certification was not active then."
        )
        if any(c.current_status == "expired" for c in held):
            note += " It has expired — apply to renew it."
    return MeasureOffer(measure, False, note, (label,))


def _ground_source_offer(install_date: datetime.date, ctx: Context, rs: RuleSet) -> MeasureOffer:
    """The ground source check asked with no one else named as present: what the installing
    technician holds alone. Part of the qualifications is enough to be offered the measure."""
    check = certification(MeasureType.GSHP, install_date, replace(ctx, present_technicians=()), rs)
    if check.passed:
        return MeasureOffer(MeasureType.GSHP, True)
    missing = tuple(
        label for key, label, _ in GSHP_QUALIFICATIONS if not check.values.get(f"held_{key}")
    )
    if len(missing) == len(GSHP_QUALIFICATIONS):
        return MeasureOffer(
            MeasureType.GSHP,
            False,
            f"Not certified for {' or '.join(missing)} on {install_date} — apply to add them.",
            missing,
        )
    return MeasureOffer(
        MeasureType.GSHP,
        True,
        f"Also needs {' and '.join(missing)} on {install_date}: name the technician present at "
        "the installation who held it, by Technician ID, on the form.",
        missing,
    )
