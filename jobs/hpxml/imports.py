"""Importing an HPXML document: every building goes through ``services.job_submit``, so the
same parser, status engine and permissions apply as for the entry form and the API (today
the actor must be the installing technician)."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from jobs import services
from jobs.hpxml.parse import HpxmlError, hpxml_to_payloads
from registry.lib.errors import error_dict


@dataclass(frozen=True)
class HpxmlImportResult:
    """One building: the job it became (measure ID and status) or the reasons it did not."""

    index: int
    source_id: str
    measure_id: int | None = None
    status: str = ""
    status_label: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def imported(self) -> bool:
        return self.measure_id is not None


def hpxml_import(*, actor: User, xml_bytes: bytes, action: str) -> list[HpxmlImportResult]:
    """Create one job per ``Building`` of an HPXML document (jobs.hpxml.parse).

    ``action``: ``save_progress`` or ``complete``, as for job_submit. Each building is its own
    job_submit call (its own transaction), so a bad building is reported and the others are
    still imported; unknown ``ptcs:Field`` names are field errors (strict), never dropped.
    Raises services.JobError ``{"file": [...]}`` when the document as a whole cannot be read
    (not XML, a DOCTYPE, not HPXML, too large); nothing is written then.
    """
    if action not in ("save_progress", "complete"):
        raise services.JobError({"action": ["Use save_progress or complete."]})
    try:
        buildings = hpxml_to_payloads(xml_bytes)
    except HpxmlError as exc:
        raise services.JobError({"file": [str(exc)]}) from None
    results = []
    for parsed in buildings:
        if parsed.errors:
            results.append(HpxmlImportResult(parsed.index, parsed.source_id, errors=parsed.errors))
            continue
        try:
            job = services.job_submit(
                actor=actor, payload=parsed.payload, action=action, strict=True
            )
        except services.JobError as exc:
            results.append(
                HpxmlImportResult(parsed.index, parsed.source_id, errors=error_dict(exc))
            )
            continue
        results.append(
            HpxmlImportResult(
                parsed.index,
                parsed.source_id,
                measure_id=job.measure_id,
                status=job.status,
                status_label=job.get_status_display(),
            )
        )
    return results
