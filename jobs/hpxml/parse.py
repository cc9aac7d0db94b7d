"""Reading HPXML documents back into job payloads (the flat shape jobs.services.job_submit
takes). Pure: no ORM, no request.

Untrusted input: the parser resolves no entities, loads no DTD and never touches the
network, and a document with a DOCTYPE is refused outright, so neither XXE nor entity
expansion ("billion laughs") can happen. Size and building count are capped.

Each data-dictionary field is read from its HPXML element when the document has one (see
jobs.hpxml.export), otherwise from a ``<ptcs:Field name="...">`` anywhere in the building.
Values stay text: job_submit types and checks them like any form or API input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from jobs.hpxml.names import (
    BTUH_PER_TON,
    GROUND_SOURCE_TYPES,
    LEAK_PHASES,
    LEAKAGE_UNITS_BY_PA,
    READABLE_NS,
    VARIABLE_SPEED,
    p,
)

#: Largest document accepted (bytes): a few hundred jobs fit easily.
MAX_BYTES = 5 * 1024 * 1024
#: Most buildings (jobs) one document may carry.
MAX_BUILDINGS = 500
#: Refused before parsing (UTF-8 and ASCII documents; the parsed document is checked again).
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_NO_DOCTYPE = "A document type declaration (DOCTYPE) is not accepted; HPXML has none."
_PA_BY_UNITS = {units: pa for pa, units in LEAKAGE_UNITS_BY_PA.items()}


class HpxmlError(ValueError):
    """The document as a whole cannot be read (the message says why)."""


@dataclass
class ParsedBuilding:
    """One ``Building``: its position (1-based), the measure ID it had where it came from
    (if any), the payload for job_submit and the errors found while reading it."""

    index: int
    source_id: str
    payload: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_document(xml_bytes: bytes) -> tuple[etree._Element, str]:
    """The root ``HPXML`` element and its namespace; HpxmlError otherwise."""
    if not isinstance(xml_bytes, bytes):
        raise HpxmlError("Send the HPXML file itself.")
    if not xml_bytes.strip():
        raise HpxmlError("The file is empty.")
    if len(xml_bytes) > MAX_BYTES:
        raise HpxmlError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it.")
    if _DOCTYPE.search(xml_bytes):
        raise HpxmlError(_NO_DOCTYPE)
    try:
        root = etree.fromstring(xml_bytes, _parser())
    except etree.XMLSyntaxError as exc:
        raise HpxmlError(f"This is not well-formed XML: {exc.msg} (line {exc.lineno}).") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise HpxmlError(_NO_DOCTYPE)
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "HPXML" or namespace not in READABLE_NS:
        raise HpxmlError(
            "This is not an HPXML document: the root element must be HPXML in the namespace "
            f"{sorted(READABLE_NS)[0]}."
        )
    return root, namespace


class _Reader:
    """Looks elements up in one namespace with short paths (``h:`` HPXML, ``p:`` ours)."""

    def __init__(self, ns: str):
        self.ns = ns

    def path(self, path: str) -> str:
        steps = []
        for step in path.split("/"):
            if step.startswith("h:"):
                step = f"{{{self.ns}}}{step[2:]}"
            elif step.startswith("p:"):
                step = p(step[2:])
            steps.append(step)
        return "/".join(steps)

    def find(self, element: etree._Element | None, path: str) -> etree._Element | None:
        return None if element is None else element.find(self.path(path))

    def text(self, element: etree._Element | None, path: str) -> str | None:
        found = self.find(element, path)
        return found.text.strip() if found is not None and found.text else None


def _infer_measure(read: _Reader, building: etree._Element) -> str | None:
    """For an HPXML document from elsewhere (no registry extension): the measure type."""
    pump = read.find(building, ".//h:HVACPlant/h:HeatPump")
    if pump is not None:
        kind = read.text(pump, "h:HeatPumpType")
        if kind in GROUND_SOURCE_TYPES:
            return "gshp"
        return "vshp" if read.text(pump, "h:CompressorType") == VARIABLE_SPEED else "ashp"
    if read.find(building, ".//h:AirDistribution/h:DuctLeakageMeasurement") is not None:
        return "duct_sealing_ptcs"
    return None


def _number(text: str, name: str, errors: dict, message: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        errors[name] = [message]
        return None


def _heat_pump(read: _Reader, building: etree._Element, native: dict, errors: dict) -> None:
    pump = read.find(building, ".//h:HVACPlant/h:HeatPump")
    if pump is None:
        return
    for tag, name in (
        ("Manufacturer", "make"),
        ("ModelNumber", "outdoor_model"),
        ("AHRINumber", "ahri_number"),
    ):
        if (value := read.text(pump, f"h:{tag}")) is not None:
            native[name] = value
    capacity = read.text(pump, "h:CoolingCapacity")
    if capacity is not None:
        btuh = _number(
            capacity, "outdoor_capacity_tons", errors, "CoolingCapacity must be a number (Btu/h)."
        )
        if btuh is not None:
            native["outdoor_capacity_tons"] = repr(round(btuh / BTUH_PER_TON, 6))
    if read.text(pump, "h:CompressorType") == VARIABLE_SPEED:
        native["variable_speed"] = "true"
    # SEER2/HSPF2 (DOE's 2023 test procedure) are HPXML units since 2022, after the v3.0 the
    # registry writes: its own exports carry them as ptcs:Field; a newer document from
    # elsewhere may carry them as HPXML elements.
    for tag, units, name in (
        ("AnnualCoolingEfficiency", "SEER", "seer"),
        ("AnnualHeatingEfficiency", "HSPF", "hspf"),
        ("AnnualCoolingEfficiency", "SEER2", "seer2"),
        ("AnnualHeatingEfficiency", "HSPF2", "hspf2"),
    ):
        for efficiency in pump.iterfind(read.path(f"h:{tag}")):
            if read.text(efficiency, "h:Units") == units:
                native[name] = read.text(efficiency, "h:Value") or ""


def _leakage(read: _Reader, building: etree._Element, native: dict, errors: dict) -> None:
    measurements = building.findall(read.path(".//h:AirDistribution/h:DuctLeakageMeasurement"))
    for position, measurement in enumerate(measurements):
        phase = read.text(measurement, "h:extension/p:TestPhase")
        if phase is None and len(measurements) == 2:
            phase = LEAK_PHASES[position]  # from elsewhere: before, then after sealing
        if phase not in LEAK_PHASES:
            errors["duct_leakage"] = [
                "Say which duct leakage test this is: pre or post (ptcs:TestPhase)."
            ]
            continue
        if read.text(measurement, "h:extension/p:ComputedFromRing") == "true":
            continue  # the registry's own computed value, not a reading
        units = read.text(measurement, "h:DuctLeakage/h:Units")
        value = read.text(measurement, "h:DuctLeakage/h:Value")
        if value is None:
            continue
        if units not in _PA_BY_UNITS:
            errors[f"{phase}_cfm50"] = [
                f"Duct leakage in {units or 'unstated units'} cannot be used: the registry "
                "needs CFM at 50 Pa (CFM50) or 25 Pa (CFM25)."
            ]
            continue
        native[f"{phase}_cfm50"] = value
        native.setdefault("house_pressure_pa", str(_PA_BY_UNITS[units]))


def _building(read: _Reader, index: int, building: etree._Element) -> ParsedBuilding:
    errors: dict[str, list[str]] = {}
    fields: dict[str, str] = {}
    for element in building.iter(p("Field")):
        name = (element.get("name") or "").strip()
        if not name:
            errors.setdefault("ptcs:Field", ["A ptcs:Field without a name attribute."])
            continue
        if name in fields:
            errors[name] = ["Given twice in this building."]
        fields[name] = (element.text or "").strip()

    meta = read.find(building, "h:extension/p:Job")
    source_id = read.text(building, "h:BuildingID/h:SendingSystemIdentifierValue") or ""
    native: dict[str, str] = {}
    native["measure_type"] = read.text(meta, "p:MeasureType") or _infer_measure(read, building)
    for tag, name in (("TechID", "tech_id"), ("ElectricUtility", "electric_utility")):
        if (value := read.text(meta, f"p:{tag}")) is not None:
            native[name] = value
    address = read.find(building, "h:Site/h:Address")
    for tag, name in (
        ("Address1", "street_address"),
        ("Address2", "street_address_2"),
        ("CityMunicipality", "city"),
        ("StateCode", "state"),
        ("ZipCode", "zip_code"),
    ):
        if (value := read.text(address, f"h:{tag}")) is not None:
            native[name] = value
    if (value := read.text(building, "h:ProjectStatus/h:Date")) is not None:
        native["install_date"] = value
    area = read.text(
        building,
        "h:BuildingDetails/h:BuildingSummary/h:BuildingConstruction/h:ConditionedFloorArea",
    )
    if area is not None:
        native["heated_area_sqft"] = area
    _heat_pump(read, building, native, errors)
    _leakage(read, building, native, errors)
    returns = read.text(building, ".//h:AirDistribution/h:NumberofReturnRegisters")
    if returns is not None:
        native["return_count"] = returns

    payload = {k: v for k, v in native.items() if v is not None}
    for name, value in fields.items():
        if name in payload and name != "house_pressure_pa":
            errors[name] = ["Given both as an HPXML element and as a ptcs:Field; give it once."]
        else:
            payload[name] = value
    return ParsedBuilding(index=index, source_id=source_id, payload=payload, errors=errors)


def hpxml_to_payloads(xml_bytes: bytes) -> list[ParsedBuilding]:
    """Every ``Building`` of an HPXML document as a job payload, with the errors found while
    reading it. Raises HpxmlError when the document as a whole cannot be read."""
    root, namespace = parse_document(xml_bytes)
    read = _Reader(namespace)
    buildings = root.findall(read.path("h:Building"))
    if not buildings:
        raise HpxmlError("The document has no Building element: there is no job in it.")
    if len(buildings) > MAX_BUILDINGS:
        raise HpxmlError(f"The document has {len(buildings)} buildings; at most {MAX_BUILDINGS}.")
    return [_building(read, index, element) for index, element in enumerate(buildings, 1)]
