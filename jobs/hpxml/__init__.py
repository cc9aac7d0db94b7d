"""HPXML (BPI-2100) export and import of jobs, the format home performance software exchanges,
so a contractor's software can enter jobs and a utility's can read them.

``jobs_to_hpxml`` / ``iter_hpxml`` write jobs as an HPXML document (jobs.hpxml.export),
``hpxml_to_payloads`` reads one back into job payloads (jobs.hpxml.parse) and
``hpxml_import`` submits them through jobs.services.job_submit (jobs.hpxml.imports).
"""

from jobs.hpxml.export import (
    CONTENT_TYPE,
    iter_hpxml,
    job_filename,
    jobs_to_hpxml,
    territory_filename,
)
from jobs.hpxml.imports import HpxmlImportResult, hpxml_import
from jobs.hpxml.parse import HpxmlError, ParsedBuilding, hpxml_to_payloads

__all__ = [
    "CONTENT_TYPE",
    "HpxmlError",
    "HpxmlImportResult",
    "ParsedBuilding",
    "hpxml_import",
    "hpxml_to_payloads",
    "iter_hpxml",
    "job_filename",
    "jobs_to_hpxml",
    "territory_filename",
]
