"""The objects the permission matrix (tests/test_permissions.py) requests by URL: an
application, jobs, QA inspections, a company invitation. Loaded for every test module by
``pytest_plugins`` in tests/conftest.py, so the matrix module stays small."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs import services as job_services
from qa_inspections.inspections import services as inspection_services
from technicians import services
from technicians.models import Application
from tests.jobs.bulk.data import csv_bytes, upload_processed
from tests.jobs.factories import entry_ashp_payload, entry_duct_payload
from tests.jobs.review.data import bpa_gshp, energy_trust_gshp
from tests.qa_inspections.qa_data import assign as qa_assign
from tests.qa_inspections.qa_data import inspect as qa_inspect
from tests.technicians.factories import PNG_BYTES, application_data, pdf_upload


@pytest.fixture
def application(applicant):
    """A pending Certified Technician Application by ``applicant``, proof on disk."""
    data = application_data()
    return services.application_submit(
        actor=applicant, kind=Application.Kind.TECHNICIAN, data=data, proof=pdf_upload()
    )


#: Job placeholder → the fixture that makes the job.
JOB_FIXTURES = {
    "<completed-job>": "completed_job",
    "<in-progress-job>": "in_progress_job",
    "<pending-job>": "pending_job",
    "<energy-trust-pending-job>": "energy_trust_pending_job",
}


@pytest.fixture
def completed_job(technician, benton_rea):
    return job_services.job_submit(
        actor=technician, payload=entry_ashp_payload(), action="complete"
    )


@pytest.fixture
def in_progress_job(technician, benton_rea):
    payload = entry_duct_payload(street_address="77 Vineyard Dr")
    return job_services.job_submit(actor=technician, payload=payload, action="save_progress")


@pytest.fixture
def pending_job(technician, benton_rea):
    return bpa_gshp(technician, street_address="88 Orchard Ln")


@pytest.fixture
def energy_trust_pending_job(technician, pacific_power):
    return energy_trust_gshp(technician)


#: Other placeholders → (the fixture that makes the object, the attribute the URL takes).
OBJECT_FIXTURES = {
    "<submitted-inspection>": ("submitted_inspection", "pk"),
    "<draft-inspection>": ("draft_inspection", "pk"),
    "<qa-assignment>": ("qa_assignment", "pk"),
    "<qa-photo>": ("qa_photo", "pk"),
    "<qa-remediation>": ("qa_remediation", "pk"),
    "<technician-profile>": ("technician_profile", "pk"),
    "<invitation>": ("company_invitation", "token"),
    "<bulk-upload>": ("bulk_upload", "pk"),
}


@pytest.fixture
def technician_profile(technician):
    return technician.technician


@pytest.fixture
def company_invitation(company_admin, other_technician):
    return services.invitation_create(actor=company_admin, email=other_technician.email)


@pytest.fixture
def submitted_inspection(completed_job, inspector):
    return qa_inspect(completed_job, inspector=inspector)


@pytest.fixture
def draft_inspection(pending_job, inspector):
    return qa_inspect(pending_job, inspector=inspector, submitted=False)


@pytest.fixture
def qa_assignment(completed_job, inspector):
    return qa_assign(completed_job, inspector=inspector)


@pytest.fixture
def qa_photo(draft_inspection, inspector):
    return inspection_services.inspection_add_photo(
        actor=inspector,
        inspection_id=draft_inspection.pk,
        upload=SimpleUploadedFile("plenum.png", PNG_BYTES, content_type="image/png"),
    )


@pytest.fixture
def qa_remediation(completed_job, inspector):
    failed = qa_inspect(completed_job, inspector=inspector, result="fail", remediation="open")
    return failed.remediation


@pytest.fixture
def bulk_upload(technician, benton_rea):
    """A bulk upload by ``technician``: row 2 makes a job, row 3 fails (no install date)."""
    rows = [entry_ashp_payload(), entry_ashp_payload(street_address="9 Elm St", install_date="")]
    return upload_processed(technician, csv_bytes(rows))
