"""The permission matrix's object fixtures (tests/test_permissions.py), so the security tests
walk the same URLs with the same objects."""

from tests.test_permissions import (  # noqa: F401
    application,
    completed_job,
    draft_inspection,
    energy_trust_pending_job,
    in_progress_job,
    pending_job,
    qa_assignment,
    qa_photo,
    qa_remediation,
    submitted_inspection,
)
