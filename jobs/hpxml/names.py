"""The HPXML names the registry writes and reads, in one place.

Element names and enumerations are HPXML's own, from HPXML v3.0
(hpxmlwg/hpxml ``schemas/HPXMLBaseElements.xsd``, namespace ``http://hpxmlonline.com/2019/10``,
the BPI-2100 data standard). What HPXML has no element for (the TrueFlow readings, the duct
blaster ring and fan pressure, the registry status, measure ID and rule set, every other
data-dictionary field) travels in HPXML's ``extension`` elements, in the registry's own
namespace ``PTCS_NS``.
"""

from __future__ import annotations

HPXML_NS = "http://hpxmlonline.com/2019/10"
#: Namespaces an imported document may use: HPXML v3 and v4 share the element names we read.
READABLE_NS = frozenset({HPXML_NS, "http://hpxmlonline.com/2023/09"})
SCHEMA_VERSION = "3.0"
PTCS_NS = "urn:ptcs-site-registry:hpxml-extension:1"
NSMAP = {None: HPXML_NS, "ptcs": PTCS_NS}

#: BuildingID/SendingSystemIdentifierType: whose number SendingSystemIdentifierValue is.
SENDING_SYSTEM = "PTCS Site Registry measure ID"
SOFTWARE = "PTCS Site Registry"
XML_TYPE = "PTCS Site Registry jobs"

#: ProjectStatus/EventType (HPXML enumeration) for a completed and an In Progress job.
EVENT_COMPLETED = "job completion testing/final inspection"
EVENT_IN_PROGRESS = "construction-period testing/daily test out"

#: Systems/HVAC/HVACPlant/HeatPump/HeatPumpType (HPXML enumeration) per measure type. A
#: variable speed heat pump is air-to-air with CompressorType "variable speed".
HEAT_PUMP_TYPES = {"ashp": "air-to-air", "vshp": "air-to-air", "gshp": "ground-to-air"}
GROUND_SOURCE_TYPES = frozenset({"ground-to-air", "ground-to-water"})
VARIABLE_SPEED = "variable speed"

#: Nominal tons are cooling capacity: HPXML's CoolingCapacity is in Btu/h.
BTUH_PER_TON = 12_000

#: DuctLeakage/Units (HPXML enumeration) by the house pressure the duct blaster test ran at.
#: Any other house pressure has no HPXML unit: the reading then stays in the extension.
LEAKAGE_UNITS_BY_PA = {50: "CFM50", 25: "CFM25"}
#: The PTCS duct blaster test (house at test pressure, ducts to zero) measures leakage to
#: outside with a duct leakage tester.
LEAKAGE_TEST_METHOD = "duct leakage tester"
LEAKAGE_TO_OUTSIDE = "to outside"
LEAK_PHASES = ("pre", "post")


def h(tag: str, ns: str = HPXML_NS) -> str:
    """An HPXML element name in Clark notation."""
    return f"{{{ns}}}{tag}"


def p(tag: str) -> str:
    """A registry extension element name in Clark notation."""
    return f"{{{PTCS_NS}}}{tag}"
