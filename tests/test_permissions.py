"""Who gets what from every URL we own: one matrix, one row per request, one column per persona.

``LOGIN`` means "redirected to sign in" (302 to the login page). The API answers 401 to an
anonymous caller because TokenAuthentication (listed first) offers a WWW-Authenticate challenge.
Another person's proof of training is a 404, never a 403: its existence is not disclosed.
Program administrator (Energy Trust) staff do not decide certification applications, so the
staff pages refuse them like everyone else who is not PTCS staff.
"""

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from technicians.models import Application
from tests import labels
from tests.citations import assert_readable
from tests.permission_fixtures import JOB_FIXTURES, OBJECT_FIXTURES

pytestmark = pytest.mark.django_db

LOGIN = "login"  # 302 to the sign-in page

PERSONAS = (
    "anonymous",
    "technician",
    "other_technician",
    "applicant",
    "staff",
    "energy_trust_staff",
    "utility_user",
    "other_utility_user",
    "inspector",
    "trainer",
    "company_admin",
)

# Placeholders filled from the fixtures when a row runs.
APPLICATION = {"pk": "<application>"}  # a pending application submitted by ``applicant``
TECHNICIAN = {"technician_id": "<technician-id>"}  # the ``technician`` persona's Technician ID
#: Jobs of the ``technician`` persona at a Benton REA site (``utility_user``'s utility), made
#: only for the rows that use them (see JOB_FIXTURES).
COMPLETED_JOB = {"measure_id": "<completed-job>"}  # a BPA Approved heat pump
IN_PROGRESS_JOB = {"measure_id": "<in-progress-job>"}  # saved with Save Progress
PENDING_JOB = {"measure_id": "<pending-job>"}  # a BPA Pending ground source heat pump
#: A BPA Pending ground source heat pump at a Pacific Power (Energy Trust) site.
ENERGY_TRUST_PENDING_JOB = {"measure_id": "<energy-trust-pending-job>"}
#: QA inspections by the ``inspector`` persona: a submitted one of COMPLETED_JOB and a draft of
#: PENDING_JOB (see OBJECT_FIXTURES).
SUBMITTED_INSPECTION = {"pk": "<submitted-inspection>"}
DRAFT_INSPECTION = {"pk": "<draft-inspection>"}
#: Inspection and remediation pages (qa_inspections.inspections.views, staff_views): an open assignment of
#: COMPLETED_JOB for ``inspector``, a photo of DRAFT_INSPECTION, and an open remediation of a
#: failed inspection of COMPLETED_JOB (the ``technician`` persona's).
QA_ASSIGNMENT = {"pk": "<qa-assignment>"}
QA_PHOTO = {"pk": "<qa-photo>"}
QA_REMEDIATION = {"pk": "<qa-remediation>"}
#: Company administrators' pages: the ``technician`` persona's profile (a technician of
#: ``company_admin``'s company), and an open invitation of ``other_technician`` to that company.
TECHNICIAN_PROFILE = {"profile_id": "<technician-profile>"}
INVITATION = {"token": "<invitation>"}
#: A bulk upload by the ``technician`` persona (jobs.bulk.views): row 2 made a job, row 3
#: failed (no install date).
BULK_UPLOAD = {"upload_id": "<bulk-upload>"}
BULK_ROW = {"upload_id": "<bulk-upload>", "row_number": 3}

#: Sent with every POST: a valid rejection reason (ignored everywhere else).
POST_DATA = {"reason": "Proof of training is not dated."}

#: One row per request; its second line holds the expected status of each persona, in PERSONAS
#: order: anonymous, technician, other_technician, applicant, staff (PTCS), energy_trust_staff,
#: utility_user, other_utility_user, inspector, trainer, company_admin (office staff of
#: ``technician``'s company, not a technician themself).
# fmt: off
MATRIX = [
    # (method, URL name, kwargs,
    #        anon   tech   othr   appl   staf   etst   util   outl   insp   trnr   cadm)
    ("GET", "home", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "technicians:lookup", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "technicians:me", {},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   200,   200,   403),
    ("GET", "technicians:apply", {"kind_slug": "technician"},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   200,   200,   403),
    ("GET", "technicians:apply", {"kind_slug": "inspector"},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   200,   200,   403),
    ("GET", "technicians:apply", {"kind_slug": "trainer"},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   200,   200,   403),
    ("GET", "technicians:apply", {"kind_slug": "plumber"},
             LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    # An empty application: participants get the form back with errors, the others nothing.
    ("POST", "technicians:apply", {"kind_slug": "technician"},
             LOGIN, 400,   400,   400,   403,   403,   403,   403,   400,   400,   403),
    ("GET", "technicians:application-proof", APPLICATION,
             LOGIN, 404,   404,   200,   200,   404,   404,   404,   404,   404,   404),
    # Company administrators (technicians.company_views): their company's page, the
    # invitation form (a bare POST: no e-mail, 400), removing one of its technicians (back to
    # the page).
    ("GET", "technicians:company", {},
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   403,   403,   200),
    ("GET", "technicians:company-invite", {},
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   403,   403,   405),
    ("POST", "technicians:company-invite", {},
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   403,   403,   400),
    ("GET", "technicians:company-remove", TECHNICIAN_PROFILE,
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   403,   403,   405),
    ("POST", "technicians:company-remove", TECHNICIAN_PROFILE,
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   403,   403,   302),
    # An invitation link (INVITATION: ``other_technician`` invited to ``technician``'s company):
    # the invitee may read and accept it (joining sends them to their certification page);
    # any other account is told it was sent to another address (403), nothing changes.
    ("GET", "technicians:invitation", INVITATION,
             LOGIN, 403,   200,   403,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "technicians:invitation", INVITATION,
             LOGIN, 403,   302,   403,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "staff:applications", {},
             LOGIN, 403,   403,   403,   200,   403,   403,   403,   403,   403,   403),
    ("GET", "staff:application", APPLICATION,
             LOGIN, 403,   403,   403,   200,   403,   403,   403,   403,   403,   403),
    ("GET", "staff:application-approve", APPLICATION,
             LOGIN, 403,   403,   403,   405,   403,   403,   403,   403,   403,   403),
    ("GET", "staff:application-reject", APPLICATION,
             LOGIN, 403,   403,   403,   405,   403,   403,   403,   403,   403,   403),
    # Decisions: every row runs against a fresh pending application; staff are sent back to
    # the queue once the decision is recorded.
    ("POST", "staff:application-approve", APPLICATION,
             LOGIN, 403,   403,   403,   302,   403,   403,   403,   403,   403,   403),
    ("POST", "staff:application-reject", APPLICATION,
             LOGIN, 403,   403,   403,   302,   403,   403,   403,   403,   403,   403),
    ("GET", "api-root", {},
             401,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-me", {},
             401,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-technician-list", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-technician-detail", TECHNICIAN,
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-schema", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "api-docs", {},
             200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # Jobs API: reads scoped like the job status page (401 instead of the sign-in redirect);
    # writes for technicians with a Technician ID and company administrators, JSON only (the
    # matrix POSTs a form: 415).
    ("GET", "api-job-list", {},
             401,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "api-job-list", {},
             401,   415,   415,   403,   403,   403,   403,   403,   403,   403,   415),
    ("GET", "api-job-detail", COMPLETED_JOB,
             401,   200,   404,   404,   200,   404,   200,   404,   404,   404,   200),
    ("GET", "api-job-detail", IN_PROGRESS_JOB,
             401,   200,   404,   404,   200,   404,   404,   404,   404,   404,   200),
    ("POST", "api-job-complete", IN_PROGRESS_JOB,
             401,   415,   404,   403,   403,   403,   403,   403,   403,   403,   415),
    # HPXML download over the API: scoped like the job detail.
    ("GET", "api-job-hpxml", COMPLETED_JOB,
             401,   200,   404,   404,   200,   404,   200,   404,   404,   404,   200),
    ("GET", "api-job-hpxml", IN_PROGRESS_JOB,
             401,   200,   404,   404,   200,   404,   404,   404,   404,   404,   200),
    # Job entry: technicians with a Technician ID, and company administrators for their
    # company's technicians (services.can_enter_jobs). An empty measure form comes back with
    # field errors; the preview answers whatever was typed.
    ("GET", "jobs:new", {},
             LOGIN, 200,   200,   403,   403,   403,   403,   403,   403,   403,   200),
    ("GET", "jobs:new-measure", {"measure_type": "ashp"},
             LOGIN, 200,   200,   403,   403,   403,   403,   403,   403,   403,   200),
    ("GET", "jobs:new-measure", {"measure_type": "plumbing"},
             LOGIN, 404,   404,   403,   403,   403,   403,   403,   403,   403,   404),
    ("POST", "jobs:new-measure", {"measure_type": "duct_sealing_ptcs"},
             LOGIN, 400,   400,   403,   403,   403,   403,   403,   403,   403,   400),
    ("GET", "jobs:preview", {},
             LOGIN, 405,   405,   403,   403,   403,   403,   403,   403,   403,   405),
    ("POST", "jobs:preview", {},
             LOGIN, 200,   200,   403,   403,   403,   403,   403,   403,   403,   200),
    # Equipment directory look-up (pre-fill): 404 for an AHRI number it does not list.
    ("GET", "jobs:ahri-lookup", {"number": "201234567"},
             LOGIN, 404,   404,   403,   403,   403,   403,   403,   403,   403,   404),
    ("GET", "jobs:mine", {},
             LOGIN, 200,   200,   403,   403,   403,   403,   403,   403,   403,   200),
    # Job status page: whoever jobs_visible_to lets see the job; 404 for everyone else.
    ("GET", "jobs:detail", COMPLETED_JOB,
             LOGIN, 200,   404,   404,   200,   404,   200,   404,   404,   404,   200),
    ("GET", "jobs:detail", IN_PROGRESS_JOB,
             LOGIN, 200,   404,   404,   200,   404,   404,   404,   404,   404,   200),
    # Complete Job: the installing technician, or their company's administrator; a completed
    # job sends them to its page.
    ("GET", "jobs:edit", IN_PROGRESS_JOB,
             LOGIN, 200,   404,   403,   403,   403,   403,   403,   403,   403,   200),
    ("GET", "jobs:edit", COMPLETED_JOB,
             LOGIN, 302,   404,   403,   403,   403,   403,   403,   403,   403,   302),
    ("POST", "jobs:edit", IN_PROGRESS_JOB,
             LOGIN, 400,   404,   403,   403,   403,   403,   403,   403,   403,   400),
    # Registry Installation Report (page and PDF): whoever may see the job; an In Progress job
    # has none yet (404 with a page saying so).
    ("GET", "jobs:report", COMPLETED_JOB,
             LOGIN, 200,   404,   404,   200,   404,   200,   404,   404,   404,   200),
    ("GET", "jobs:report", IN_PROGRESS_JOB,
             LOGIN, 404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "jobs:report-pdf", COMPLETED_JOB,
             LOGIN, 200,   404,   404,   200,   404,   200,   404,   404,   404,   200),
    # HPXML download of one job: whoever may see the job (In Progress too); read-only.
    ("GET", "jobs:hpxml", COMPLETED_JOB,
             LOGIN, 200,   404,   404,   200,   404,   200,   404,   404,   404,   200),
    ("GET", "jobs:hpxml", IN_PROGRESS_JOB,
             LOGIN, 200,   404,   404,   200,   404,   404,   404,   404,   404,   200),
    ("POST", "jobs:hpxml", COMPLETED_JOB,
             LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # HPXML import page: who may enter jobs (a bare POST comes back with the form's errors).
    ("GET", "jobs:hpxml-import", {},
             LOGIN, 200,   200,   403,   403,   403,   403,   403,   403,   403,   200),
    ("POST", "jobs:hpxml-import", {},
             LOGIN, 400,   400,   403,   403,   403,   403,   403,   403,   403,   400),
    # Territory search and exports: utility users (their utility), PTCS staff (every job) and
    # Energy Trust staff (their territory); read-only (POST: 405 once allowed in).
    ("GET", "utilities:territory", {},
             LOGIN, 403,   403,   403,   200,   200,   200,   200,   403,   403,   403),
    ("GET", "utilities:territory-csv", {},
             LOGIN, 403,   403,   403,   200,   200,   200,   200,   403,   403,   403),
    ("GET", "utilities:territory-xlsx", {},
             LOGIN, 403,   403,   403,   200,   200,   200,   200,   403,   403,   403),
    ("GET", "utilities:territory-hpxml", {},
             LOGIN, 403,   403,   403,   200,   200,   200,   200,   403,   403,   403),
    ("POST", "utilities:territory", {},
             LOGIN, 403,   403,   403,   405,   405,   405,   405,   403,   403,   403),
    # BPA payments and the territory dashboard: utility users, PTCS staff and Energy Trust staff
    # (who, like Pacific Power's user, are told BPA payments do not apply to their territory).
    ("GET", "utilities:payments", {},
             LOGIN, 403,   403,   403,   200,   200,   200,   200,   403,   403,   403),
    ("GET", "utilities:dashboard", {},
             LOGIN, 403,   403,   403,   200,   200,   200,   200,   403,   403,   403),
    # Job review (jobs.review.views): PTCS staff review BPA territory, Energy Trust staff
    # theirs; a job of the other territory is a 404. A bare POST (no job ticked, no decision,
    # no job fields) comes back with the errors; an In Progress job is not staff's to correct.
    ("GET", "staff:jobs-review", {},
             LOGIN, 403,   403,   403,   200,   200,   403,   403,   403,   403,   403),
    ("POST", "staff:jobs-review", {},
             LOGIN, 403,   403,   403,   400,   400,   403,   403,   403,   403,   403),
    ("GET", "staff:job-review", PENDING_JOB,
             LOGIN, 403,   403,   403,   200,   404,   403,   403,   403,   403,   403),
    ("GET", "staff:job-review", ENERGY_TRUST_PENDING_JOB,
             LOGIN, 403,   403,   403,   404,   200,   403,   403,   403,   403,   403),
    ("POST", "staff:job-review", PENDING_JOB,
             LOGIN, 403,   403,   403,   400,   404,   403,   403,   403,   403,   403),
    ("POST", "staff:job-review", ENERGY_TRUST_PENDING_JOB,
             LOGIN, 403,   403,   403,   404,   400,   403,   403,   403,   403,   403),
    ("GET", "staff:job-edit", COMPLETED_JOB,
             LOGIN, 403,   403,   403,   200,   404,   403,   403,   403,   403,   403),
    ("GET", "staff:job-edit", ENERGY_TRUST_PENDING_JOB,
             LOGIN, 403,   403,   403,   404,   200,   403,   403,   403,   403,   403),
    ("GET", "staff:job-edit", IN_PROGRESS_JOB,
             LOGIN, 403,   403,   403,   302,   404,   403,   403,   403,   403,   403),
    ("POST", "staff:job-edit", COMPLETED_JOB,
             LOGIN, 403,   403,   403,   400,   404,   403,   403,   403,   403,   403),
    # Dated rule sets: read-only, for PTCS and Energy Trust staff alike.
    ("GET", "staff:rulesets", {},
             LOGIN, 403,   403,   403,   200,   200,   403,   403,   403,   403,   403),
    ("POST", "staff:rulesets", {},
             LOGIN, 403,   403,   403,   405,   405,   403,   403,   403,   403,   403),
    # Job history: whoever may see the job, like the job status page.
    ("GET", "jobs:history", COMPLETED_JOB,
             LOGIN, 200,   404,   404,   200,   404,   200,   404,   404,   404,   200),
    ("GET", "jobs:history", IN_PROGRESS_JOB,
             LOGIN, 200,   404,   404,   200,   404,   404,   404,   404,   404,   200),
    # "Please review this job sooner": the installing technician, on their BPA Pending job.
    # PTCS staff see the job but the ask is not theirs, and a decided job has nothing to
    # hurry: the job page comes back with the reason (400).
    ("GET", "jobs:urgent", PENDING_JOB,
             LOGIN, 405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "jobs:urgent", PENDING_JOB,
             LOGIN, 302,   404,   404,   400,   404,   404,   404,   404,   404,   400),
    ("POST", "jobs:urgent", COMPLETED_JOB,
             LOGIN, 400,   404,   404,   400,   404,   404,   404,   404,   404,   400),
    # Bulk upload (jobs.bulk.views): whoever may enter jobs and PTCS staff; a bare POST comes
    # back with "no file". An upload (BULK_UPLOAD, by ``technician``) is seen by its uploader
    # and PTCS staff, and corrected by its uploader only (POST_DATA changes no column, so the
    # row still fails: 400); 404 for everyone else who may upload (the technician's company
    # administrator included: an upload is its uploader's).
    ("GET", "jobs:bulk-upload", {},
             LOGIN, 200,   200,   403,   200,   403,   403,   403,   403,   403,   200),
    ("POST", "jobs:bulk-upload", {},
             LOGIN, 400,   400,   403,   400,   403,   403,   403,   403,   403,   400),
    ("GET", "jobs:bulk-template", {},
             LOGIN, 200,   200,   403,   200,   403,   403,   403,   403,   403,   200),
    ("GET", "jobs:bulk-result", BULK_UPLOAD,
             LOGIN, 200,   404,   403,   200,   403,   403,   403,   403,   403,   404),
    ("GET", "jobs:bulk-row", BULK_ROW,
             LOGIN, 200,   404,   403,   200,   403,   403,   403,   403,   403,   404),
    ("POST", "jobs:bulk-row", BULK_ROW,
             LOGIN, 400,   404,   403,   404,   403,   403,   403,   403,   403,   404),
    # The utilities and their ZIP codes: any signed-in user.
    ("GET", "api-utility-list", {},
             401,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # QA dashboard (qa_inspections.dashboard_views): the territory report roles, each for their
    # own territory; read-only.
    ("GET", "qa:dashboard", {},
             LOGIN, 403,   403,   403,   200,   200,   200,   200,   403,   403,   403),
    ("POST", "qa:dashboard", {},
             LOGIN, 403,   403,   403,   405,   405,   405,   405,   403,   403,   403),
    # QA inspections API (read-only): staff their territory's (drafts too), inspectors their
    # own, utility users, technicians and company administrators the submitted inspections of
    # jobs they see; others an empty list, and a 404 for an inspection they may not see.
    ("GET", "api-inspection-list", {},
             401,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "api-inspection-list", {},
             401,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "api-inspection-detail", SUBMITTED_INSPECTION,
             401,   200,   404,   404,   200,   404,   200,   404,   200,   404,   200),
    ("GET", "api-inspection-detail", DRAFT_INSPECTION,
             401,   404,   404,   404,   200,   404,   404,   404,   200,   404,   404),
    # QA assignments API: inspectors (their open assignments) and staff (their territory's).
    ("GET", "api-qa-assignment-list", {},
             401,   403,   403,   403,   200,   200,   403,   403,   200,   403,   403),
    # Inspections (qa_inspections.inspections.views): approved inspectors only; an inspection is its
    # inspector's (a bare POST comes back with the errors; a submitted one reads only).
    ("GET", "qa:assignments", {},
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   200,   403,   403),
    ("GET", "qa:start", QA_ASSIGNMENT,
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   405,   403,   403),
    ("POST", "qa:start", QA_ASSIGNMENT,
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   302,   403,   403),
    ("GET", "qa:inspect", DRAFT_INSPECTION,
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   200,   403,   403),
    ("POST", "qa:inspect", DRAFT_INSPECTION,
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   400,   403,   403),
    ("GET", "qa:inspect", SUBMITTED_INSPECTION,
             LOGIN, 403,   403,   403,   403,   403,   403,   403,   200,   403,   403),
    # Inspection photos: the inspector and PTCS staff; a 404 for everyone else.
    ("GET", "qa:photo", QA_PHOTO,
             LOGIN, 404,   404,   404,   200,   404,   404,   404,   200,   404,   404),
    # Remediation: technicians see theirs (none is an empty page) and answer their own (a
    # bare POST: 400; another's: 404); PTCS staff list, resolve (no note: 400) and suspend
    # (POST_DATA's reason suspends: 302). Certification stays with PTCS staff, so Energy
    # Trust staff are refused.
    ("GET", "qa:my-remediations", {},
             LOGIN, 200,   200,   200,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "qa:remediation-respond", QA_REMEDIATION,
             LOGIN, 405,   405,   405,   403,   403,   403,   403,   403,   403,   403),
    ("POST", "qa:remediation-respond", QA_REMEDIATION,
             LOGIN, 400,   404,   404,   403,   403,   403,   403,   403,   403,   403),
    ("GET", "qa:remediations", {},
             LOGIN, 403,   403,   403,   200,   403,   403,   403,   403,   403,   403),
    ("GET", "qa:remediation", QA_REMEDIATION,
             LOGIN, 403,   403,   403,   200,   403,   403,   403,   403,   403,   403),
    ("POST", "qa:remediation-resolve", QA_REMEDIATION,
             LOGIN, 403,   403,   403,   400,   403,   403,   403,   403,   403,   403),
    ("GET", "qa:remediation-resolve", QA_REMEDIATION,
             LOGIN, 403,   403,   403,   405,   403,   403,   403,   403,   403,   403),
    ("POST", "qa:remediation-suspend", QA_REMEDIATION,
             LOGIN, 403,   403,   403,   302,   403,   403,   403,   403,   403,   403),
    ("GET", "qa:remediation-suspend", QA_REMEDIATION,
             LOGIN, 403,   403,   403,   405,   403,   403,   403,   403,   403,   403),
    # QA sampling (qa_inspections.sampling.views): PTCS and Energy Trust staff, each their
    # territory. Running the sample sends staff back to the page; an add without a measure ID
    # comes back with the error; QA_ASSIGNMENT's job is BPA's, so Energy Trust staff get 404.
    ("GET", "qa:sampling", {},
             LOGIN, 403,   403,   403,   200,   200,   403,   403,   403,   403,   403),
    ("POST", "qa:sampling-run", {},
             LOGIN, 403,   403,   403,   302,   302,   403,   403,   403,   403,   403),
    ("GET", "qa:sampling-run", {},
             LOGIN, 403,   403,   403,   405,   405,   403,   403,   403,   403,   403),
    ("POST", "qa:sampling-add", {},
             LOGIN, 403,   403,   403,   400,   400,   403,   403,   403,   403,   403),
    ("POST", "qa:sampling-remove", QA_ASSIGNMENT,
             LOGIN, 403,   403,   403,   302,   404,   403,   403,   403,   403,   403),
]
# fmt: on


def _cases():
    for method, name, kwargs, *statuses in MATRIX:
        assert len(statuses) == len(PERSONAS), f"{method} {name}: one status per persona"
        suffix = "-".join(str(v) for v in kwargs.values())
        for persona, expected in zip(PERSONAS, statuses, strict=True):
            yield pytest.param(
                persona,
                method,
                name,
                kwargs,
                expected,
                id=f"{persona}-{method}-{name}{'-' + suffix if suffix else ''}",
            )


def _assert_no_internal_citations(response, where):
    """Every page, API answer and PDF a person can get names program documents by title and
    section, never the seed files and lines the rules were built from."""
    if response.streaming:
        return  # an uploaded proof or photo: the person's own file
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        assert_readable("".join(page.extract_text() for page in reader.pages), where)
    elif kind.startswith(("text/", "application/json", "application/vnd.oai", "application/xml")):
        assert_readable(response.content.decode(), where)


def _assert_no_codes(response, where):
    """Every page and PDF a person can get names statuses and answers by their labels: no
    status or choice code with an underscore ("bpa_pending", "in_wc"). The API (JSON), HPXML
    (XML), the OpenAPI schema and the CSV files programs read keep codes."""
    if response.streaming:
        return
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        text = "\n".join(labels.pdf_lines(response.content))
    elif kind.startswith("text/html"):
        text = "\n".join(labels.html_pieces(response.content.decode()))
    else:
        return
    labels.assert_labelled(labels.machine_codes_in(text, underscore_only=True), where)


def _fill_jobs(kwargs, request):
    filled = {}
    for key, value in kwargs.items():
        if value in JOB_FIXTURES:
            filled[key] = request.getfixturevalue(JOB_FIXTURES[value]).measure_id
        elif value in OBJECT_FIXTURES:
            fixture, attribute = OBJECT_FIXTURES[value]
            filled[key] = getattr(request.getfixturevalue(fixture), attribute)
        else:
            filled[key] = value
    return filled


def _resolve(kwargs, *, application, technician):
    fill = {"<application>": application.pk, "<technician-id>": technician.technician.technician_id}
    return {key: fill.get(value, value) for key, value in kwargs.items()}


@pytest.mark.parametrize(("persona", "method", "name", "kwargs", "expected"), list(_cases()))
def test_permission_matrix(
    persona, method, name, kwargs, expected, client, request, application, technician
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    kwargs = _fill_jobs(kwargs, request)
    url = reverse(name, kwargs=_resolve(kwargs, application=application, technician=technician))

    response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
    response.close()  # a streamed proof holds its file open until closed
    _assert_no_internal_citations(response, f"{method} {url} as {persona}")
    _assert_no_codes(response, f"{method} {url} as {persona}")

    if expected == LOGIN:
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('account_login')}?next={url}",
        )
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    "persona",
    [p for p in PERSONAS if p not in ("anonymous", "staff")],
)
@pytest.mark.parametrize("action", ["staff:application-approve", "staff:application-reject"])
def test_refused_decision_leaves_the_application_pending(
    persona, action, client, request, application
):
    client.force_login(request.getfixturevalue(persona))

    client.post(reverse(action, kwargs={"pk": application.pk}), POST_DATA)

    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def _named_urls_we_own() -> set[str]:
    """Every URL name of our apps: namespaces technicians, staff, jobs, utilities and qa, plus
    home and api-*.

    Admin and allauth (account_*) URLs are not ours; DRF's format-suffix variants share the
    name of the route they extend, so a set of names covers them.
    """
    owned_namespaces = {"technicians", "staff", "jobs", "utilities", "qa"}
    names = set()

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if namespace in owned_namespaces:
                    names.add(f"{namespace}:{pattern.name}")
                elif namespace is None and (
                    pattern.name == "home" or pattern.name.startswith("api-")
                ):
                    names.add(pattern.name)

    walk(get_resolver(), None)
    return names


def test_every_url_we_own_is_in_the_permission_matrix():
    in_matrix = {name for _, name, *_ in MATRIX}

    missing = _named_urls_we_own() - in_matrix

    assert not missing, f"Add these URLs to MATRIX in {__name__}: {sorted(missing)}"
