"""Labels for people, codes for machines: for every data-dictionary field with choices, every
status, measure type and certification type, jobs that use them are entered, reviewed and
corrected, and every place a person reads them is walked — the job page, its history, the
review page, the Registry Installation Report and its PDF, the e-mails sent, the territory
page and its CSV and Excel exports, the QA inspection form — for a code where the dictionary
has a label
(tests/labels.py says how codes are told from words).
"""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from jobs import services
from jobs.dictionary.fields import FIELDS, fields_for
from jobs.models import Job
from jobs.review import services as review
from jobs.review import tasks as review_tasks
from qa_inspections.inspections import services as qa_services
from tests import labels
from tests.jobs.factories import ashp_payload, duct_payload, gshp_payload
from tests.qa_inspections import qa_data

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

#: Values that complete whichever choice a variant makes (a cooling test, a manufactured home,
#: ring readings), so every variant is entered by the same service as a technician's job.
EXTRA = {
    "manufactured_sections": "2",
    "discharge_temp_f": "110",
    "liquid_line_temp_f": "100",
    "target_subcooling": "10",
    "pre_fan_pressure_pa": "120",
    "post_fan_pressure_pa": "40",
}
BASES = {
    "ashp": lambda **o: ashp_payload(**EXTRA, **o),
    "vshp": lambda **o: ashp_payload(measure_type="vshp", variable_speed="yes", **EXTRA, **o),
    "gshp": lambda **o: gshp_payload(manufactured_sections="2", **o),
    "duct_sealing_ptcs": lambda **o: duct_payload(**EXTRA, **o),
    "duct_sealing_prescriptive": lambda **o: duct_payload(
        measure_type="duct_sealing_prescriptive", **EXTRA, **o
    ),
}


def variants() -> list[dict]:
    """Payloads that, between them, answer every choice of every field: per measure type, as
    many jobs as its longest list of choices not answered by an earlier measure type, the
    n-th job taking each field's n-th choice (round again for shorter lists); then a lockout
    typed as a temperature, the duct sealing jobs that end Record Only and PTCS-Certified
    Only, and ground source heat pumps for the reviewer to decide."""
    payloads = []
    street = itertools.count(1)
    covered: set[str] = set()
    for measure, base in BASES.items():
        specs = [s for s in fields_for(measure) if s.choices]
        new = [s for s in specs if s.name not in covered] or specs
        for n in range(max(len(s.choices) for s in new)):
            answers = {s.name: s.choices[n % len(s.choices)][0] for s in specs}
            payloads.append(base(street_address=f"{next(street)} Label Way", **answers))
        covered |= {s.name for s in specs}
    payloads += [
        ashp_payload(street_address="97 Label Way", aux_heat_lockout="30"),
        duct_payload(street_address="98 Label Way", condition="record_only_no_sealing"),
        duct_payload(street_address="99 Label Way", pre_cfm50="100"),  # PTCS-Certified Only
        # Ground source heat pumps wait for review (a manufactured home fails a rejecting rule).
        gshp_payload(street_address="100 Label Way", home_type="manufactured", **EXTRA),
        *(gshp_payload(street_address=f"{n} Label Way") for n in (101, 102, 103)),
    ]
    return payloads


def enter(technician, payload) -> Job:
    try:
        return services.job_submit(actor=technician, payload=payload, action="complete")
    except services.JobError:  # a combination Complete refuses is kept In Progress
        return services.job_submit(actor=technician, payload=payload, action="save_progress")


#: The words of each decision, and the heading the history gives them.
DECISIONS = {
    "override": "Single-family home on a permanent foundation: eligible.",
    "reject": "No loop report.",
    "back": "Add the loop.",
    "note": "Loop report seen.",
    "fix": "Zonal heat.",
}
HEADINGS = {
    "override": "Approved over a rejecting rule",
    "reject": "Reason for the rejection",
    "back": "Sent back to the technician to correct",
    "note": "Note from the reviewer",
    "fix": "Reason for the correction",
}


def build(technician, staff) -> list[Job]:
    """Jobs answering every choice, with the decisions that give every status and a reason:
    an approval over a rejecting rule, a rejection, a send-back, an approval with a note, a
    staff correction; and the review batch that lists what is still pending."""
    entered = [enter(technician, payload) for payload in variants()]
    pending = [j for j in entered if j.status == Job.Status.BPA_PENDING]
    rejecting = [j for j in pending if review.rejecting_checks(j.checks)]
    others = [j for j in pending if j not in rejecting]
    review.job_approve(
        actor=staff, measure_id=rejecting[0].measure_id, override_reason=DECISIONS["override"]
    )
    review.job_reject(actor=staff, measure_id=others[0].measure_id, reason=DECISIONS["reject"])
    review.job_send_back(actor=staff, measure_id=others[1].measure_id, message=DECISIONS["back"])
    review.job_approve(actor=staff, measure_id=others[2].measure_id, note=DECISIONS["note"])
    corrected = next(j for j in entered if j.status == Job.Status.BPA_APPROVED)
    payload = services.job_payload(corrected) | {"existing_heating_system": "electric_zonal"}
    review.job_staff_edit(
        actor=staff, measure_id=corrected.measure_id, payload=payload, reason=DECISIONS["fix"]
    )
    review_tasks.open_review_batches.delay()
    jobs = list(Job.objects.order_by("measure_id"))
    _assert_every_code_is_used(jobs)
    return jobs


def _assert_every_code_is_used(jobs: list[Job]) -> None:
    """The walk covers what it claims: every choice answered, every status reached."""
    answered = {(name, value) for job in jobs for name, value in job.data.items()}
    for spec in FIELDS:
        for code, _ in spec.choices:
            assert (spec.name, code) in answered, (spec.name, code)
    assert {job.status for job in jobs} == set(Job.Status.values)


@pytest.fixture
def jobs(technician, staff, benton_rea) -> list[Job]:
    """The jobs, without their e-mails (queued on commit, which a test never reaches)."""
    return build(technician, staff)


@pytest.fixture
def mailed_jobs(technician, staff, benton_rea, django_capture_on_commit_callbacks) -> list[Job]:
    """The jobs and every e-mail they send: the utility's notices with the report attached,
    the technician's review decisions, the reviewers' lists of pending jobs."""
    with django_capture_on_commit_callbacks(execute=True):
        return build(technician, staff)


def get(client, name: str, job: Job):
    response = client.get(reverse(name, kwargs={"measure_id": job.measure_id}))
    assert response.status_code == 200, (name, job.measure_id, response.status_code)
    return response


def test_the_walk_finds_a_code_a_person_would_read():
    """The helpers see codes in text and answers, not in attributes, scripts or labels."""
    page = """<p class="badge-bpa_approved" data-x="in_wc">BPA Approved</p>
        <script>const s = "electric_fa_no_ac";</script>
        <dl><dt>Loop type</dt><dd>Closed loop</dd><dt>Back-up heat</dt><dd>None</dd></dl>"""
    assert labels.page_leaks(page) == []
    assert labels.page_leaks("<td>Status: bpa_pending</td>")
    assert labels.page_leaks("<p>BPA Approved (bpa_approved)</p>")
    assert labels.page_leaks("<dl><dt>Loop type</dt><dd>closed</dd></dl>")
    assert labels.page_leaks("<td>Mode unit tested in = heating; Loop type = Open loop</td>")
    assert labels.page_leaks("<td>Back-up heat</td><td>—</td><td>none</td>")
    assert not labels.page_leaks("<p>The heating season is open; none of it is closed.</p>")
    assert labels.table_leaks(["Loop type", "Status"], [["open", "BPA Approved"]])
    assert labels.table_leaks(["loop_type"], [["Open loop"]])
    assert labels.table_leaks(["Make"], [["ptcs_heat_pump"]])


def test_job_history_and_review_pages_show_labels(client, staff, jobs):
    client.force_login(staff)

    for job in jobs:
        for name in ("jobs:detail", "jobs:history", "staff:job-review"):
            html = get(client, name, job).content.decode()
            labels.assert_labelled(labels.page_leaks(html), f"{name} of {job}")


def test_every_decision_shows_with_its_reason_on_the_job_history_and_report(client, staff, jobs):
    client.force_login(staff)

    for name in ("jobs:detail", "jobs:history", "jobs:report"):
        shown = [job for job in jobs if name != "jobs:report" or not job.is_in_progress]
        text = "\n".join(
            piece
            for job in shown
            for piece in labels.html_pieces(get(client, name, job).content.decode())
        )
        for decision, words in DECISIONS.items():
            if name == "jobs:report" and decision == "back":
                continue  # sent back: In Progress again, no report until completed again
            assert words in text, (name, decision)
            assert HEADINGS[decision] in text, (name, decision)


def test_reports_and_their_pdfs_show_labels(client, staff, jobs):
    client.force_login(staff)

    for job in jobs:
        if job.is_in_progress:
            continue
        html = get(client, "jobs:report", job).content.decode()
        labels.assert_labelled(labels.page_leaks(html), f"the report of {job}")
        pdf = get(client, "jobs:report-pdf", job).content
        labels.assert_labelled(labels.pdf_leaks(pdf), f"the PDF report of {job}")


def test_emails_show_labels(mailed_jobs):
    subjects = [message.subject for message in mail.outbox]
    assert any("Job completed" in s for s in subjects), subjects  # the report attached
    assert any("after review" in s for s in subjects), subjects
    assert any("to review" in s for s in subjects), subjects

    for message in mail.outbox:
        where = f"the e-mail {message.subject!r}"
        labels.assert_labelled(labels.text_leaks(message.subject), where)
        labels.assert_labelled(labels.text_leaks(message.body), where)
        for html, _ in message.alternatives:
            labels.assert_labelled(labels.page_leaks(html), where)
        for _, content, kind in message.attachments:
            if kind == "application/pdf":
                labels.assert_labelled(labels.pdf_leaks(content), f"{where}, attached PDF")


def _csv(response) -> tuple[list, list[list]]:
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return lines[0], lines[1:]


def _xlsx(response) -> tuple[list, list[list]]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    return lines[0], lines[1:]


def test_exports_show_labels_and_keep_codes_for_machines(client, utility_user, jobs):
    client.force_login(utility_user)

    for name, read in (("utilities:territory-csv", _csv), ("utilities:territory-xlsx", _xlsx)):
        header, rows = read(client.get(reverse(name)))
        machine_header, machine_rows = read(client.get(reverse(name), {"codes": "1"}))

        assert len(rows) == len([j for j in jobs if not j.is_in_progress])
        labels.assert_labelled(labels.table_leaks(header, rows), name)
        # The same walk finds the codes in the export for machines, which keeps them.
        assert labels.table_leaks(machine_header, machine_rows), name


def test_territory_and_technician_pages_show_labels(client, utility_user, technician, jobs):
    client.force_login(utility_user)
    for name in ("utilities:territory", "utilities:payments", "utilities:dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        labels.assert_labelled(labels.page_leaks(response.content.decode()), name)

    # The technician holds every certification type: their page names each by its label.
    client.force_login(technician)
    for name in ("technicians:me", "jobs:mine"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        labels.assert_labelled(labels.page_leaks(response.content.decode()), name)


def test_the_inspection_form_shows_the_technicians_answers_by_label(client, inspector, jobs):
    """The QA inspector reads the technician's reported answers and values beside the items:
    labels, and computed values rounded as on the job page."""
    client.force_login(inspector)
    completed = [job for job in jobs if not job.is_in_progress]
    one_per_measure = {job.measure_type: job for job in completed}.values()

    for job in one_per_measure:
        assignment = qa_data.assign(job, inspector=inspector)
        inspection = qa_services.inspection_start(actor=inspector, assignment_id=assignment.pk)
        response = client.get(reverse("qa:inspect", kwargs={"pk": inspection.pk}))
        assert response.status_code == 200, job
        labels.assert_labelled(
            labels.page_leaks(response.content.decode()), f"the inspection of {job}"
        )
