"""Values the engine takes and returns. Plain dataclasses and string enums only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    # Seed 000 "Measure Status Definitions" (L19-30).
    IN_PROGRESS = "in_progress"
    BPA_APPROVED = "bpa_approved"
    PTCS_CERTIFIED_ONLY = "ptcs_certified_only"
    RECORD_ONLY = "record_only"
    BPA_PENDING = "bpa_pending"
    REJECTED = "rejected"


STATUS_LABELS = {
    Status.IN_PROGRESS: "In Progress",
    Status.BPA_APPROVED: "BPA Approved",
    Status.PTCS_CERTIFIED_ONLY: "PTCS-Certified Only",
    Status.RECORD_ONLY: "Record Only",
    Status.BPA_PENDING: "BPA Pending",
    Status.REJECTED: "Rejected",
}

#: When several checks fail, the strongest effect decides (engine.resolve_status).
#: A clear failure is a rejection; anything that needs a person goes to review before the
#: softer outcomes, so that no job is approved or written off while a question is open.
EFFECT_PRECEDENCE = (
    Status.REJECTED,
    Status.BPA_PENDING,
    Status.RECORD_ONLY,
    Status.PTCS_CERTIFIED_ONLY,
)


class MeasureType(StrEnum):
    ASHP = "ashp"
    VSHP = "vshp"
    GSHP = "gshp"
    DUCT_SEALING_PTCS = "duct_sealing_ptcs"
    DUCT_SEALING_PRESCRIPTIVE = "duct_sealing_prescriptive"

    @property
    def family(self) -> str:
        """Heat pump or duct sealing: the unit of the one-per-home rule (003 §10.8.2)."""
        return "heat_pump" if self in HEAT_PUMPS else "duct_sealing"


MEASURE_TYPE_LABELS = {
    MeasureType.ASHP: "Air source heat pump",
    MeasureType.VSHP: "Variable speed heat pump",
    MeasureType.GSHP: "Ground source heat pump",
    MeasureType.DUCT_SEALING_PTCS: "PTCS duct sealing",
    MeasureType.DUCT_SEALING_PRESCRIPTIVE: "Prescriptive duct sealing",
}

HEAT_PUMPS = frozenset({MeasureType.ASHP, MeasureType.VSHP, MeasureType.GSHP})
#: Air-source heat pumps: the commissioning, airflow and charge measures (and, for payments,
#: the heat pumps a PTCS-Certified Only job may still be claimed for as CC&S).
AIR_SOURCE = frozenset({MeasureType.ASHP, MeasureType.VSHP})
DUCT_MEASURES = frozenset({MeasureType.DUCT_SEALING_PTCS, MeasureType.DUCT_SEALING_PRESCRIPTIVE})

#: The certification a technician needs for each measure (spec §2; 003 L10000-10002 heat
#: pumps, L10232-10242 GSHP = PTCS + IGSHPA, L10343-10345 PTCS duct, L10355-10358 prescriptive).
REQUIRED_CERTIFICATION = {
    MeasureType.ASHP: "ptcs_heat_pump",
    MeasureType.VSHP: "ptcs_heat_pump",
    MeasureType.GSHP: "ground_source",
    MeasureType.DUCT_SEALING_PTCS: "ptcs_duct_sealing",
    MeasureType.DUCT_SEALING_PRESCRIPTIVE: "prescriptive_duct_sealing",
}

#: Ground source heat pumps: "Work must be performed by a technician or technicians certified
#: in PTCS ... and IGSHPA. Multiple technicians may be employed to meet these certification
#: requirements, but they must have been present during the installation" (003 L10232-10242).
#: Each qualification, and the certifications that give it: the registry's ground source
#: certification is both at once.
GSHP_QUALIFICATIONS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("ptcs_heat_pump", "PTCS heat pump", frozenset({"ptcs_heat_pump", "ground_source"})),
    ("igshpa", "IGSHPA", frozenset({"igshpa", "ground_source"})),
)


@dataclass(frozen=True)
class Check:
    """One rule applied to one job.

    ``effect`` is the status this check pushes the job to when it fails (None: the check is
    informational or its outcome is summarised by another check). ``blocking`` checks stop
    completion altogether (e.g. the technician is not certified for the measure).

    ``rests_on`` names the rule-set values this outcome rests on where the program documents
    are silent (jobs.rules.registry_choices), so the reviewer is told.

    ``answered`` is False while a question the check reads is not filled in yet (a job saved
    in progress, the live preview): such a check has not passed, but it has not failed
    either, so it has no effect and blocks nothing (jobs.rules.answers). Checks stored
    before this flag existed read as answered.
    """

    rule: str
    source: str
    passed: bool
    message: str
    values: dict[str, Any] = field(default_factory=dict)
    threshold: str = ""
    effect: Status | None = None
    blocking: bool = False
    answered: bool = True
    rests_on: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """Did not pass on the answers given (a check not answered yet has not failed)."""
        return not self.passed and self.answered

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "source": self.source,
            "passed": self.passed,
            "answered": self.answered,
            "message": self.message,
            "values": {k: _jsonable(v) for k, v in self.values.items()},
            "threshold": self.threshold,
            "effect": self.effect.value if self.effect else None,
            "blocking": self.blocking,
            "rests_on": list(self.rests_on),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):  # forms hand over Decimals; json.dumps cannot
        value = float(value)
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass(frozen=True)
class Decision:
    status: Status
    checks: tuple[Check, ...]
    computed: dict[str, Any]
    ruleset: str
    category: str | None = None
    #: The questions (data-dictionary and site field names) the caller said are not answered
    #: yet, in the caller's order; empty for a completed job, which answers them all.
    questions_left: tuple[str, ...] = ()

    @property
    def blocking(self) -> tuple[Check, ...]:
        return tuple(c for c in self.failed if c.blocking)

    @property
    def can_complete(self) -> bool:
        return not self.blocking

    @property
    def failed(self) -> tuple[Check, ...]:
        """The checks that did not pass on the answers given (not those not answered yet)."""
        return tuple(c for c in self.checks if c.failed)

    @property
    def unanswered(self) -> tuple[Check, ...]:
        """The checks waiting for a question not answered yet."""
        return tuple(c for c in self.checks if not c.answered)

    def reasons(self) -> list[str]:
        """The failing checks' messages: why the job is not BPA Approved."""
        return [c.message for c in self.failed]


@dataclass(frozen=True)
class CertificationFact:
    """A technician's certification and the periods it was active (from its status rows)."""

    cert_type: str
    active_periods: tuple[tuple[datetime.date, datetime.date | None], ...]
    current_status: str = "active"

    def active_on(self, day: datetime.date) -> bool:
        return any(
            start <= day and (end is None or day <= end) for start, end in self.active_periods
        )


@dataclass(frozen=True)
class TechnicianFact:
    """A technician the job names as present at the installation (a ground source heat pump's
    other technicians), with their certifications; ``known`` False for a Technician ID the
    registry does not have."""

    technician_id: int
    name: str = ""
    certifications: tuple[CertificationFact, ...] = ()
    known: bool = True

    @property
    def label(self) -> str:
        if not self.technician_id:  # the installing technician of a preview without a profile
            return self.name
        if not self.name:
            return f"Technician ID {self.technician_id}"
        return f"{self.name} (Technician ID {self.technician_id})"


@dataclass(frozen=True)
class SiteJobFact:
    """Another completed job at the same site."""

    measure_id: int
    measure_type: str
    status: str
    install_date: datetime.date | None = None


@dataclass(frozen=True)
class RingCalibrationFact:
    """Duct blaster flow = C × (fan pressure in Pa)^n for one device and ring (spec §4)."""

    equipment: str
    ring: str
    c: float
    n: float
    min_pa: float | None = None
    max_pa: float | None = None
    source: str = ""


@dataclass(frozen=True)
class Context:
    """What the engine knows besides the job's own data."""

    certifications: tuple[CertificationFact, ...] = ()
    #: The installing technician, for messages that say who held what.
    technician: TechnicianFact | None = None
    #: The other technicians the job names as present at the installation.
    present_technicians: tuple[TechnicianFact, ...] = ()
    #: The day the job is entered (or corrected): a rule set may require the certification to
    #: be active then too (RuleSet.certification_also_on_entry_date).
    entry_date: datetime.date | None = None
    other_site_jobs: tuple[SiteJobFact, ...] = ()
    address_verified: bool = True
    program_administrator: str = "bpa"
    #: The site's BPA heating and cooling zones (1–3) from the registry's zone map; None when
    #: the map does not have the site's ZIP code (or there is no site yet).
    heating_zone: int | None = None
    cooling_zone: int | None = None
    #: The site's ZIP code, so that a check can name a ZIP code the zone map does not have.
    zip_code: str = ""
    ring_calibrations: tuple[RingCalibrationFact, ...] = ()
    ahri_known: bool | None = None  # None: no equipment directory consulted
