"""The job status page after Complete: each outcome says, in words as well as its colour, what
it means and what comes next (seed 000 "Measure Status Definitions", L19-30): Rejected with the
checks that failed and what can be done, BPA Pending with why and the next review batch,
PTCS-Certified Only and Record Only with what the utility may claim (the payment rules' own
decision, utilities.payments.rules)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from jobs.review import selectors as review_selectors
from tests.jobs.factories import entry_ashp_payload, entry_duct_payload

pytestmark = pytest.mark.django_db

NEW_ASHP = reverse("jobs:new-measure", kwargs={"measure_type": "ashp"})
NEW_DUCT = reverse("jobs:new-measure", kwargs={"measure_type": "duct_sealing_ptcs"})
PACIFIC = timezone.get_fixed_timezone(-8 * 60)


@pytest.fixture
def tech_client(client, technician, benton_rea):
    client.force_login(technician)
    return client


def complete(client, url, payload):
    """Complete → the status page (followed), with the message Complete left."""
    response = client.post(url, {**payload, "action": "complete"}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def message(html: str) -> tuple[str, str]:
    """The flash message: its class and role, and its text."""
    found = re.search(r'<p class="message (message-\w+)" role="(\w+)">([^<]*)</p>', html)
    return f"{found.group(1)} {found.group(2)}", found.group(3)


def block(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def test_a_rejected_job_is_red_names_the_failing_checks_and_what_can_be_done(tech_client):
    html = complete(tech_client, NEW_ASHP, entry_ashp_payload(balance_point_f="45"))

    assert Job.objects.get().status == Job.Status.REJECTED
    kind, text = message(html)
    assert kind == "message-error alert"
    assert "Rejected" in text
    assert "Job completed" not in html
    assert 'class="status-big status-rejected" data-testid="job-status">Rejected<' in html
    step = block(html, "next-step")
    assert (
        "message-error"
        in html[html.rfind("<section", 0, html.index('data-testid="next-step"')) :][:80]
    )
    assert "Rejected: this job does not qualify as entered." in step
    reasons = block(html, "next-step")[step.index("next-step-reasons") :]
    assert "Balance point 45 °F is above" in reasons
    assert "enter the job again as a new job" in step
    assert reverse("jobs:new") in step
    assert "ask the PTCS team to review it" in step
    assert "1-800-941-3867" in step
    # The failing checks come first, before the reasons the page lists beneath.
    assert html.index("next-step-reasons") < html.index("<h2>Checks</h2>")


def test_a_bpa_pending_job_says_why_and_when_the_next_review_batch_opens(tech_client, settings):
    settings.REVIEW_ANCHOR_DATE = datetime.date(2024, 1, 1)
    settings.REVIEW_INTERVAL_DAYS = 14
    html = complete(tech_client, NEW_ASHP, entry_ashp_payload(raw_flow_cfm="700"))

    assert Job.objects.get().status == Job.Status.BPA_PENDING
    day = review_selectors.next_review_batch()
    assert timezone.localdate() <= day <= timezone.localdate() + datetime.timedelta(days=14)
    assert (day - datetime.date(2024, 1, 1)).days % 14 == 0
    kind, text = message(html)
    assert kind == "message-warning status"
    assert f"the next review batch opens on {day:%A}, {day:%B} {day.day}, {day.year}." in text
    notice = html[html.index('data-testid="pending-notice"') :]
    notice = notice[: notice.index("</div>")]
    assert "BPA Pending: this job waits for review" in notice
    assert "Airflow" in notice[notice.index("pending-reasons") :]
    assert f'data-testid="next-review">{day:%A}, {day:%B} {day.day}, {day.year}<' in notice


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Periods of 14 days from Monday Jan 1, 2024: Dec 2, 2024 starts one.
        ("2024-12-02T05:00", datetime.date(2024, 12, 2)),  # before the 6 am run: today
        ("2024-12-02T06:00", datetime.date(2024, 12, 16)),  # opened already: the next one
        ("2024-12-10T23:30", datetime.date(2024, 12, 16)),
        ("2024-12-15T23:59", datetime.date(2024, 12, 16)),
    ],
)
def test_the_next_review_batch_is_the_next_period_start_in_pacific_time(settings, now, expected):
    settings.REVIEW_ANCHOR_DATE = datetime.date(2024, 1, 1)
    settings.REVIEW_INTERVAL_DAYS = 14
    settings.REVIEW_BATCH_HOUR = 6
    pacific = datetime.datetime.fromisoformat(now).replace(tzinfo=PACIFIC)
    # Late evening Pacific is already the next day in UTC: the Pacific day counts.
    assert review_selectors.next_review_batch(pacific.astimezone(datetime.UTC)) == expected


def test_a_ptcs_certified_only_heat_pump_may_be_claimed_as_ccs(tech_client):
    # 8.9 HSPF in 2024: above the federal 8.8 HSPF, below the program's 9.0 (seed 003 L9981-9984).
    html = complete(tech_client, NEW_ASHP, entry_ashp_payload(hspf="8.9"))

    assert Job.objects.get().status == Job.Status.PTCS_CERTIFIED_ONLY
    kind, text = message(html)
    assert kind == "message-info status"
    assert "PTCS-Certified Only" in text
    step = block(html, "next-step")
    assert "PTCS-Certified Only:" in step
    assert "HSPF" in step[step.index("next-step-reasons") :]
    claim = step[step.index("next-step-claim") :]
    assert "CC&amp;S" in claim
    assert "no BPA payment" not in claim


def test_a_ptcs_certified_only_duct_job_earns_no_bpa_payment(tech_client):
    html = complete(tech_client, NEW_DUCT, entry_duct_payload(pre_cfm50="120", post_cfm50="70"))

    assert Job.objects.get().status == Job.Status.PTCS_CERTIFIED_ONLY
    claim = block(html, "next-step")
    claim = claim[claim.index("next-step-claim") :]
    assert "no BPA payment." in claim
    assert "Only BPA Approved jobs, and PTCS-Certified Only heat pumps (as CC&amp;S)" in claim


def test_a_record_only_job_earns_no_bpa_payment(tech_client):
    html = complete(tech_client, NEW_DUCT, entry_duct_payload(condition="record_only_no_sealing"))

    assert Job.objects.get().status == Job.Status.RECORD_ONLY
    kind, _ = message(html)
    assert kind == "message-info status"
    step = block(html, "next-step")
    assert "Record Only:" in step
    assert "no BPA payment." in step[step.index("next-step-claim") :]


def test_a_bpa_approved_job_keeps_the_green_job_completed_message(tech_client):
    html = complete(tech_client, NEW_ASHP, entry_ashp_payload())

    kind, text = message(html)
    assert kind == "message-success status"
    assert text.startswith("Job completed: measure ID ")
    assert 'data-testid="next-step"' not in html
