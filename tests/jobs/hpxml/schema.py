"""Validation of HPXML exports against the HPXML schema subset in tests/data/hpxml (see the
README there), and the jobs of every measure type the HPXML tests export."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from jobs import services
from tests.jobs.factories import entry_ashp_payload, entry_duct_payload, gshp_payload

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "data" / "hpxml" / "HPXMLSubset.xsd"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def assert_valid(document: bytes) -> etree._Element:
    """The document validates against the HPXML subset; returns its root."""
    root = etree.fromstring(document)
    validator = schema()
    assert validator.validate(root), "\n".join(str(error) for error in validator.error_log)
    return root


#: One completed job payload per measure type (entry_* payloads: Benton REA, 2024 install).
PAYLOADS = {
    "ashp": lambda **kw: entry_ashp_payload(**kw),
    "vshp": lambda **kw: entry_ashp_payload(measure_type="vshp", variable_speed="yes", **kw),
    "gshp": lambda **kw: gshp_payload(
        **{"install_date": "2024-05-01", "street_address": "1200 N. Meade Avenue", **kw}
    ),
    "duct_sealing_ptcs": lambda **kw: entry_duct_payload(**kw),
    "duct_sealing_prescriptive": lambda **kw: entry_duct_payload(
        measure_type="duct_sealing_prescriptive",
        house_pressure_pa=None,
        pre_cfm50=None,
        post_cfm50=None,
        **kw,
    ),
}


def completed(technician, measure_type: str, **overrides):
    """A job of ``measure_type`` completed by ``technician`` through the service."""
    payload = PAYLOADS[measure_type](**overrides)
    return services.job_submit(actor=technician, payload=payload, action="complete")
