"""Jobs as an HPXML document (BPI-2100): one ``Building`` per job.

HPXML's own elements carry the site address, the install date, the heated area, the heat
pump (type, make, model, AHRI number, capacity, SEER/HSPF, variable speed compressor) and the
duct leakage results (pre/post, CFM50 to outside, return registers). Everything else the
registry knows rides in HPXML ``extension`` elements in the registry namespace: the TrueFlow
readings in the heat pump's extension, the ring and fan pressure in each duct leakage
measurement's, and the measure ID, status, rule set, checks and the remaining data-dictionary
fields (``<ptcs:Field name="...">``) in the building's. A data-dictionary field is written
once: as an HPXML element, or else as a ``ptcs:Field`` (jobs.hpxml.parse reads it back).

The document is produced building by building (``iter_hpxml``), so a large territory export
streams with flat memory: each ``Building`` repeats the namespace declarations it needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree

from jobs.dictionary.fields import FIELDS_BY_NAME
from jobs.hpxml.names import (
    BTUH_PER_TON,
    EVENT_COMPLETED,
    EVENT_IN_PROGRESS,
    HEAT_PUMP_TYPES,
    LEAK_PHASES,
    LEAKAGE_TEST_METHOD,
    LEAKAGE_TO_OUTSIDE,
    LEAKAGE_UNITS_BY_PA,
    NSMAP,
    SCHEMA_VERSION,
    SENDING_SYSTEM,
    SOFTWARE,
    VARIABLE_SPEED,
    XML_TYPE,
    h,
    p,
)
from jobs.models import Job
from jobs.rules.types import DUCT_MEASURES, HEAT_PUMPS

CONTENT_TYPE = "application/xml"
#: Jobs fetched per query while streaming a territory export.
CHUNK_SIZE = 500
#: Characters XML 1.0 cannot carry at all (a field typed with one loses it in the export).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ZIP = re.compile(r"[0-9]{5}(-[0-9]{4})?")
#: Data-dictionary groups that describe the heat pump (its extension carries them).
HEAT_PUMP_GROUPS = frozenset({"equipment", "airflow", "charge", "controls"})
DUCT_GROUPS = frozenset({"ducts", "leakage", "safety"})
APP_VERSION = "0.1.0"


def xml_text(value: Any) -> str:
    """A data-dictionary value as element text that jobs.dictionary.fields.clean_value reads back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # shortest text that gives the same float back
    return _XML_ILLEGAL.sub("", str(value))


def _sub(parent: etree._Element, tag: str, text: Any = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, h(tag), attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def _fields(parent: etree._Element, facts: dict[str, Any], names: Iterable[str]) -> None:
    """``<ptcs:Field name=...>`` for each name; an empty one keeps a field deliberately left
    empty that would otherwise take its default on import."""
    container = etree.SubElement(parent, p("Fields"))
    for name in names:
        field = etree.SubElement(container, p("Field"), name=name)
        field.text = xml_text(facts.get(name))


def _meta(parent: etree._Element, tag: str, value: Any) -> None:
    if value not in (None, ""):
        etree.SubElement(parent, p(tag)).text = xml_text(value)


def _extension_names(facts: dict[str, Any], native: set[str]) -> list[str]:
    """Fields not written as HPXML elements: every one with a value, and those left empty
    whose default would otherwise fill them in on import."""
    names = []
    for name, value in facts.items():
        if name in native:
            continue
        spec = FIELDS_BY_NAME.get(name)
        if value is not None or (spec is not None and spec.default is not None):
            names.append(name)
    return names


def _heat_pump(hvac: etree._Element, job: Job, facts: dict, native: set[str]) -> etree._Element:
    plant = _sub(hvac, "HVACPlant")
    pump = _sub(plant, "HeatPump")
    _sub(pump, "SystemIdentifier", id=f"heat-pump-{job.measure_id}")
    for tag, name in (
        ("Manufacturer", "make"),
        ("ModelNumber", "outdoor_model"),
        ("AHRINumber", "ahri_number"),
    ):
        if facts.get(name):
            _sub(pump, tag, facts[name])
            native.add(name)
    _sub(pump, "HeatPumpType", HEAT_PUMP_TYPES[job.measure_type])
    _sub(pump, "HeatPumpFuel", "electricity")
    tons = facts.get("outdoor_capacity_tons")
    if tons is not None:
        _sub(pump, "CoolingCapacity", round(float(tons) * BTUH_PER_TON, 3))
        native.add("outdoor_capacity_tons")
    if facts.get("variable_speed") is True:
        _sub(pump, "CompressorType", VARIABLE_SPEED)
        native.add("variable_speed")
    # SEER2/HSPF2 became HPXML units after v3.0, which this document declares: they ride in
    # the heat pump's extension (ptcs:Field) like other registry fields.
    for tag, units, name in (
        ("AnnualCoolingEfficiency", "SEER", "seer"),
        ("AnnualHeatingEfficiency", "HSPF", "hspf"),
    ):
        if facts.get(name) is not None and float(facts[name]) > 0:
            efficiency = _sub(pump, tag)
            _sub(efficiency, "Units", units)
            _sub(efficiency, "Value", facts[name])
            native.add(name)
    return pump


def _leakage(air: etree._Element, job: Job, facts: dict, native: set[str]) -> dict[str, tuple]:
    """One DuctLeakageMeasurement per phase tested; returns the ring/fan fields per phase
    for the measurement's extension."""
    units = LEAKAGE_UNITS_BY_PA.get(facts.get("house_pressure_pa"))
    computed = job.computed or {}
    per_phase: dict[str, tuple] = {}
    for phase in LEAK_PHASES:
        reading = [f"{phase}_ring", f"{phase}_fan_pressure_pa", f"{phase}_cfm50"]
        used = computed.get(f"{phase}_cfm50_used")
        if used is None and all(facts.get(name) is None for name in reading):
            continue
        measurement = _sub(air, "DuctLeakageMeasurement")
        _sub(measurement, "DuctLeakageTestMethod", LEAKAGE_TEST_METHOD)
        entered = facts.get(f"{phase}_cfm50")
        value = entered if entered is not None else used
        if units and value is not None and float(value) >= 0:
            leakage = _sub(measurement, "DuctLeakage")
            _sub(leakage, "Units", units)
            _sub(leakage, "Value", value)
            _sub(leakage, "TotalOrToOutside", LEAKAGE_TO_OUTSIDE)
            if entered is not None:
                native.add(f"{phase}_cfm50")
        extension = _sub(measurement, "extension")
        etree.SubElement(extension, p("TestPhase")).text = phase
        if entered is None and used is not None and units:
            # The registry computed this value from the ring and fan pressure (C x P^n): it
            # is reported, not a reading, so an import leaves the CFM field empty again.
            etree.SubElement(extension, p("ComputedFromRing")).text = "true"
        per_phase[phase] = (extension, [name for name in reading if name not in native])
    return per_phase


def _distribution(hvac: etree._Element, job: Job, facts: dict, native: set[str]) -> tuple:
    distribution = _sub(hvac, "HVACDistribution")
    _sub(distribution, "SystemIdentifier", id=f"hvac-distribution-{job.measure_id}")
    kind = _sub(distribution, "DistributionSystemType")
    air = _sub(kind, "AirDistribution")
    per_phase = _leakage(air, job, facts, native)
    if facts.get("return_count") is not None:
        _sub(air, "NumberofReturnRegisters", facts["return_count"])
        native.add("return_count")
    improvement = _sub(distribution, "HVACDistributionImprovement")
    _sub(improvement, "DuctSystemSealed", facts.get("condition") != "record_only_no_sealing")
    return distribution, per_phase


def _job_extension(building: etree._Element, job: Job) -> etree._Element:
    extension = _sub(building, "extension")
    meta = etree.SubElement(extension, p("Job"))
    _meta(meta, "MeasureID", job.measure_id)
    _meta(meta, "MeasureType", job.measure_type)
    _meta(meta, "Status", job.status)
    _meta(meta, "StatusLabel", job.get_status_display())
    _meta(meta, "RuleSet", job.ruleset)
    _meta(meta, "Category", job.category)
    _meta(meta, "TechID", job.technician.technician_id)
    _meta(meta, "Company", job.company.name if job.company_id else None)
    _meta(meta, "ElectricUtility", job.utility.name if job.utility_id else None)
    if job.completed_at:
        _meta(meta, "CompletedAt", timezone.localtime(job.completed_at).isoformat())
    checks = etree.SubElement(meta, p("Checks"))
    for check in job.checks or []:
        element = etree.SubElement(
            checks,
            p("Check"),
            rule=xml_text(check.get("rule")),
            passed=xml_text(bool(check.get("passed"))),
            source=xml_text(check.get("source")),
        )
        if check.get("answered", True) is False:  # saved in progress: neither passed nor failed
            element.set("answered", "false")
        element.text = xml_text(check.get("message"))
    computed = etree.SubElement(meta, p("Computed"))
    for key, value in (job.computed or {}).items():
        if value is not None:
            etree.SubElement(computed, p("Value"), name=key).text = xml_text(value)
    return meta


def building(job: Job) -> etree._Element:
    """One job as an HPXML ``Building`` (with its namespace declarations)."""
    facts = dict(job.data or {})
    native: set[str] = set()
    element = etree.Element(h("Building"), nsmap=NSMAP)
    building_id = _sub(element, "BuildingID", id=f"job-{job.measure_id}")
    _sub(building_id, "SendingSystemIdentifierType", SENDING_SYSTEM)
    _sub(building_id, "SendingSystemIdentifierValue", job.measure_id)

    site = _sub(element, "Site")
    _sub(site, "SiteID", id=f"site-{job.measure_id}")
    address = _sub(site, "Address")
    _sub(address, "AddressType", "street")
    _sub(address, "Address1", job.site.street_address)
    if job.site.street_address_2:
        _sub(address, "Address2", job.site.street_address_2)
    _sub(address, "CityMunicipality", job.site.city)
    _sub(address, "StateCode", job.site.state)
    site_extra = {}
    if _ZIP.fullmatch(job.site.zip_code):
        _sub(address, "ZipCode", job.site.zip_code)
    else:  # an unverified address kept as typed (seed 000 FAQ L43-44)
        site_extra["zip_code"] = job.site.zip_code

    status = _sub(element, "ProjectStatus")
    _sub(status, "EventType", EVENT_IN_PROGRESS if job.is_in_progress else EVENT_COMPLETED)
    if job.install_date:
        _sub(status, "Date", job.install_date.isoformat())

    details = _sub(element, "BuildingDetails")
    area = facts.get("heated_area_sqft")
    if area is not None and float(area) > 0:
        summary = _sub(details, "BuildingSummary")
        construction = _sub(summary, "BuildingConstruction")
        _sub(construction, "ConditionedFloorArea", area)
        native.add("heated_area_sqft")
    systems = _sub(details, "Systems")
    hvac = _sub(systems, "HVAC")
    pump = distribution = None
    per_phase: dict = {}
    if job.measure_type in HEAT_PUMPS:
        pump = _heat_pump(hvac, job, facts, native)
    elif job.measure_type in DUCT_MEASURES:
        distribution, per_phase = _distribution(hvac, job, facts, native)

    meta = _job_extension(element, job)
    remaining = _extension_names(facts, native)
    placed: set[str] = set()
    for extension, names in per_phase.values():
        names = [name for name in names if name in remaining]
        _fields(extension, facts, names)
        placed.update(names)
    for owner, groups in ((pump, HEAT_PUMP_GROUPS), (distribution, DUCT_GROUPS)):
        if owner is None:
            continue
        names = [
            name
            for name in remaining
            if name not in placed and getattr(FIELDS_BY_NAME.get(name), "group", "") in groups
        ]
        _fields(_sub(owner, "extension"), facts, names)
        placed.update(names)
    _fields(
        meta, {**facts, **site_extra}, [*site_extra, *(n for n in remaining if n not in placed)]
    )
    return element


def _header() -> bytes:
    root = etree.Element(h("HPXML"), nsmap=NSMAP, schemaVersion=SCHEMA_VERSION)
    header = _sub(root, "XMLTransactionHeaderInformation")
    _sub(header, "XMLType", XML_TYPE)
    _sub(header, "XMLGeneratedBy", SOFTWARE)
    _sub(header, "CreatedDateAndTime", timezone.localtime().isoformat(timespec="seconds"))
    _sub(header, "Transaction", "create")
    software = _sub(root, "SoftwareInfo")
    _sub(software, "SoftwareProgramUsed", SOFTWARE)
    _sub(software, "SoftwareProgramVersion", APP_VERSION)
    text = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    closing = b"</HPXML>"
    assert text.endswith(closing)  # the root has children, so it is not self-closed
    return text[: -len(closing)]


def iter_hpxml(jobs: Iterable[Job]) -> Iterator[bytes]:
    """The document in pieces: the header, one ``Building`` per job, the closing tag. A
    queryset is read in chunks (it should select_related site, technician, utility and
    company, as jobs.selectors.jobs_visible_to does)."""
    yield _header()
    rows = jobs.iterator(chunk_size=CHUNK_SIZE) if isinstance(jobs, QuerySet) else jobs
    for job in rows:
        yield b"\n" + etree.tostring(building(job), encoding="utf-8")
    yield b"\n</HPXML>\n"


def jobs_to_hpxml(jobs: Iterable[Job]) -> bytes:
    """The jobs as one HPXML document (bytes, UTF-8)."""
    return b"".join(iter_hpxml(jobs))


def job_filename(job: Job) -> str:
    return f"registry-job-{job.measure_id}.hpxml.xml"


def territory_filename() -> str:
    return f"territory-jobs-{timezone.localdate().isoformat()}.hpxml.xml"
