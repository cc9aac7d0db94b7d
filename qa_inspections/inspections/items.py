"""What a QA inspector checks, per measure: the specification items and the values re-taken on
site. Pure data: no ORM, no request, so the checklist can be read and tested beside the
specifications it comes from.

Sources (seed 004 = the utility's contractor packet, seed 003 = BPA Implementation Manual):

- duct sealing: the PTCS Duct Sealing Specification §§1–9 (004 L467-510), which the
  Prescriptive specification shares, plus, for PTCS duct sealing only, the post-test leakage
  limits C.1–C.3 (004 L512-530);
- air source and variable speed heat pumps: the PTCS ASHP Installation Specification §§1–5
  (004 L394-427) and the sizing documentation without which an installation "will fail to
  pass [its] quality assurance inspection" (003 L10099-10105);
- ground source heat pumps: the same sizing documentation rule (003 L10305-10309) and the
  installation standards named by the manual (003 L10217-10230). The GSHP installation
  standards themselves are not in the seeds, so the ASHP items that apply to any forced-air
  heat pump (static pressure, airflow, controls) are inspected against the ASHP limits:
  an inference, marked in each item's source.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobs.rules.documents import cite, cite_all
from jobs.rules.types import AIR_SOURCE, MeasureType

HP = AIR_SOURCE
GS = frozenset({MeasureType.GSHP})
ALL_HP = HP | GS
DUCTS = frozenset({MeasureType.DUCT_SEALING_PTCS, MeasureType.DUCT_SEALING_PRESCRIPTIVE})
PTCS_DUCT = frozenset({MeasureType.DUCT_SEALING_PTCS})


@dataclass(frozen=True)
class SpecItem:
    """One specification item the inspector marks pass or fail (InspectionItem.code)."""

    code: str
    label: str
    #: Where the item is written in the copies the registry was built from (for code and
    #: tests); a person reads ``citation``.
    source: str
    measures: frozenset[MeasureType]
    #: A failed item that fails the whole inspection (003 L10104-10105: "Installations lacking
    #: this information will fail to pass their quality assurance inspection").
    fails_inspection: bool = False
    #: What the technician reported about it (data-dictionary names), shown beside the item.
    reported: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """The program document and section, as the inspector and the technician read it."""
        return CITATIONS[self.code]


# fmt: off
ITEMS: tuple[SpecItem, ...] = (
    # --- Duct sealing §§1–9 (004 L467-510) --------------------------------------------------
    SpecItem("duct.1", "At least 30 % of supply ducts unconditioned and accessible (or a high "
             "operating pressure leak within 15 ft of the furnace)", "004 L469-475", DUCTS,
             reported=("ducts_30pct_unconditioned", "high_pressure_leak_exception")),
    SpecItem("duct.2", "Duct insulation and asbestos: work stopped and homeowner told if "
             "asbestos was suspected", "004 L476", DUCTS),
    SpecItem("duct.3", "Ducts not previously sealed through PTCS or Prescriptive Duct Sealing "
             "(unless a utility pre-inspection required more sealing)", "004 L477", DUCTS),
    SpecItem("duct.4", "Installation complies with all applicable codes", "004 L478", DUCTS),
    SpecItem("duct.5", "Duct repair: accessible ducts repaired and mechanically fastened, "
             "inferior sections replaced, three screws per metal connection, flex joined to "
             "rigid with compression straps, crossovers repaired", "004 L479-485", DUCTS),
    SpecItem("duct.6", "Duct support: flex supported every 4 ft and within 3 ft of connections "
             "with straps at least 1½ in. wide; ducts off the ground (or on R-4 closed-cell "
             "insulation) and out of standing water", "004 L486-489", DUCTS),
    SpecItem("duct.7", "Sealing and materials: UL-181 mastic on joints, seams and boots, no "
             "cloth-backed duct tape, flex liners strapped with a tensioning tool, sheet-metal "
             "or UL-181 end caps", "004 L490-502", DUCTS),
    SpecItem("duct.8", "Removed duct insulation re-installed with mechanical fasteners",
             "004 L504-506", DUCTS, reported=("duct_insulation",)),
    SpecItem("duct.9", "Combustion appliance present: UL or C-UL listed carbon monoxide "
             "detector installed", "004 L508-510", DUCTS,
             reported=("combustion_appliance", "co_detector")),
    SpecItem("duct.post_test", "Duct leakage post-test: re-measured leakage within the allowed "
             "CFM50 (C.1 new ducts, C.2 existing ducts, C.3 manufactured homes)",
             "004 L512-530 (C.1.2, C.2.2, C.3.2)", PTCS_DUCT,
             reported=("duct_type", "home_type", "manufactured_sections", "pre_cfm50")),
    # --- Air source / variable speed heat pumps §§1–5 (004 L394-427) -----------------------
    SpecItem("ashp.1", "Equipment selection and sizing: AHRI-rated system sized to a balance "
             "point of 30 °F or less", "004 L396-405", HP, reported=("balance_point_f",)),
    SpecItem("ashp.sizing_doc", "Sizing documentation on file: PTCS sizing calculator, or both "
             "heat loss calculations and the balance point worksheet", "003 L10099-10105", HP,
             fails_inspection=True),
    SpecItem("ashp.2", "External static pressure at most 0.8 in. w.c. (200 Pa)", "004 L407-409",
             HP),
    SpecItem("ashp.3", "Airflow across the indoor coil per manufacturer, or 325–500 CFM per ton",
             "004 L411-413", HP),
    SpecItem("ashp.4", "Refrigerant charge: temperature split at or above the table (heating, "
             "≤ 65 °F outdoors) or subcooling to the manufacturer's target (cooling)",
             "004 L415-420", HP,
             reported=("test_mode", "outdoor_temp_f", "expected_temp_split", "target_subcooling")),
    SpecItem("ashp.5", "Controls: compressor cutout not above 5 °F; auxiliary heat locked out "
             "above 35 °F (85 °F supply air for multi-stage systems)", "004 L422-427", HP,
             reported=("low_ambient_lockout", "aux_heat_lockout", "multi_capacity")),
    # --- Ground source heat pumps (003 L10217-10230, L10305-10309) --------------------------
    SpecItem("gshp.sizing_doc", "Sizing documentation on file: heat loss calculations and the "
             "balance point worksheet", "003 L10305-10309", GS, fails_inspection=True),
    SpecItem("gshp.install", "Installed to IGSHPA and the closed-loop (Oct 4, 2011) or open-loop "
             "(Apr 1, 2015) PTCS standard", "003 L10217-10230", GS, reported=("loop_type",)),
    SpecItem("gshp.static", "External static pressure at most 0.8 in. w.c. (200 Pa)",
             "004 L407-409 (ASHP limit applied to GSHP: inferred)", GS),
    SpecItem("gshp.airflow", "Airflow per manufacturer, or 325–500 CFM per ton",
             "004 L411-413 (ASHP limit applied to GSHP: inferred)", GS),
    SpecItem("gshp.controls", "Auxiliary heat locked out above 35 °F outdoors",
             "004 L425 (ASHP limit applied to GSHP: inferred)", GS),
)
# fmt: on
ITEMS_BY_CODE = {item.code: item for item in ITEMS}

_GSHP_BY_ASHP = "the air source limit, applied to ground source heat pumps by the registry"
#: Each item's program document and section (the line references are in ITEMS).
CITATIONS = {
    **{f"duct.{n}": cite("duct_spec", f"§{n}") for n in range(1, 10)},
    "duct.post_test": cite("duct_spec", "C.1.2", "C.2.2", "C.3.2"),
    "ashp.1": cite("ashp_spec", "§1"),
    "ashp.sizing_doc": cite("im", "§10.8.2.1"),
    "ashp.2": cite("ashp_spec", "§2"),
    "ashp.3": cite("ashp_spec", "§3"),
    "ashp.4": cite("ashp_spec", "§4"),
    "ashp.5": cite("ashp_spec", "§5"),
    "gshp.sizing_doc": cite("im", "§10.8.2.2"),
    "gshp.install": cite_all(
        cite("im", "§10.8.2.2"), cite("gshp_closed_loop"), cite("gshp_open_loop")
    ),
    "gshp.static": f"{cite('ashp_spec', '§2')} ({_GSHP_BY_ASHP})",
    "gshp.airflow": f"{cite('ashp_spec', '§3')} ({_GSHP_BY_ASHP})",
    "gshp.controls": f"{cite('ashp_spec', '§5')} ({_GSHP_BY_ASHP})",
}


@dataclass(frozen=True)
class MeasuredSpec:
    """A value the inspector re-takes on site, stored in Inspection.measured under ``name`` (the
    data dictionary's or the engine's name) and shown beside the technician's ``reported``
    value (a key of Job.computed, else of Job.data)."""

    name: str
    label: str
    measures: frozenset[MeasureType]
    min_value: float
    max_value: float
    unit: str = ""
    reported: str = ""
    #: The specification limit, for the inspector's eye; the inspector decides pass or fail.
    limit: str = ""
    #: A key of Job.computed holding this job's own limit (e.g. the allowed post-test CFM50).
    allowed: str = ""


# fmt: off
MEASURED: tuple[MeasuredSpec, ...] = (
    MeasuredSpec("external_static", "External static pressure", ALL_HP, 0, 1000,
                 reported="external_static",
                 limit="at most 0.8 in. w.c. or 200 Pa (ASHP specification §2)"),  # 004 L409
    MeasuredSpec("corrected_flow_cfm", "Corrected airflow", ALL_HP, 0, 10000, "CFM",
                 reported="corrected_flow_cfm"),
    MeasuredSpec("cfm_per_ton", "Airflow per ton", ALL_HP, 0, 2000, "CFM/ton",
                 reported="cfm_per_ton", limit="325–500 CFM/ton unless the manufacturer says "
                 "otherwise (ASHP specification §3)"),  # 004 L413
    MeasuredSpec("temp_split", "Temperature split (heating)", HP, -50, 100, "°F",
                 reported="temp_split",  # 004 L417
                 limit="at or above the table's expected split (ASHP specification §4)"),
    MeasuredSpec("subcooling", "Subcooling (cooling)", HP, -50, 100, "°F", reported="subcooling",
                 limit="to the manufacturer's target (ASHP specification §4)"),  # 004 L418
    MeasuredSpec("post_cfm50", "Post-test duct leakage", PTCS_DUCT, 0, 5000, "CFM50",
                 reported="post_cfm50_used",  # 004 L519-529
                 limit="Duct Sealing Specification C.1.2 / C.2.2 / C.3.2",
                 allowed="post_allowed_cfm50"),
)
# fmt: on
MEASURED_BY_NAME = {spec.name: spec for spec in MEASURED}
#: Units of a re-taken static pressure (as the job form, jobs.dictionary.fields "static_units").
STATIC_UNITS = (("in_wc", "in. w.c."), ("pa", "Pa"))


def _measure(measure_type: str) -> MeasureType | None:
    try:
        return MeasureType(measure_type)
    except ValueError:
        return None


def items_for(measure_type: str) -> tuple[SpecItem, ...]:
    """The items to inspect on a job of ``measure_type``, in specification order."""
    measure = _measure(measure_type)
    return tuple(item for item in ITEMS if measure in item.measures)


def measured_for(measure_type: str) -> tuple[MeasuredSpec, ...]:
    measure = _measure(measure_type)
    return tuple(spec for spec in MEASURED if measure in spec.measures)
