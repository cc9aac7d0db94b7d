"""Territory search in a real browser (spec §1: a utility user searches, views and exports
their utility's jobs, and never another utility's).

Benton REA's user opens the territory search, filters by status, opens a job and comes back to
the same search, then downloads the CSV of the search and of the whole territory: by labels,
and with codes for a program.
"""

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jobs import services
from tests.browser.test_certification_journey import nav_link, sign_in
from tests.jobs.factories import duct_payload
from tests.utilities.territory.data import make_territory
from utilities.territory.exports import HEADER, LABELS

pytestmark = pytest.mark.browser


def row(page: Page, measure_id: int):
    return page.get_by_test_id(f"job-{measure_id}")


def download_csv(
    page: Page, tmp_path: Path, name: str, *, codes: bool = False
) -> list[dict[str, str]]:
    """The CSV behind the page's link (people's, or "CSV with codes"), its rows keyed by the
    data dictionary's names either way."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV with codes" if codes else "CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.startswith(
        "territory-jobs-codes-" if codes else "territory-jobs-2"
    )
    assert download.suggested_filename.endswith(".csv")
    target = tmp_path / name
    download.save_as(target)
    with target.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        assert next(reader) == list(HEADER if codes else LABELS)
        return [dict(zip(HEADER, line, strict=True)) for line in reader]


def test_utility_user_searches_opens_a_job_and_exports_their_territory(
    page: Page, utility_user, benton_rea, pacific_power, technician, tmp_path
):
    territory = make_territory(benton_rea, pacific_power)
    # One job entered the real way, so its form values travel to the export.
    entered = services.job_submit(
        actor=technician, payload=duct_payload(street_address="55 Orchard Ln"), action="complete"
    )
    benton = [*territory.benton_completed, entered]

    sign_in(page, utility_user.username)
    nav_link(page, "Territory jobs").click()
    expect(page.get_by_role("heading", name="Territory jobs")).to_be_visible()
    expect(page.get_by_text("Completed jobs of Benton REA.")).to_be_visible()
    for job in benton:
        expect(row(page, job.measure_id)).to_be_visible()
    expect(row(page, territory.pacific.measure_id)).to_have_count(0)
    expect(row(page, territory.in_progress.measure_id)).to_have_count(0)
    expect(page.get_by_test_id("result-count")).to_contain_text(f"{len(benton)} jobs")

    # Filter: BPA Approved heat pumps (the filters fold away, the results come first).
    page.get_by_text("Filter jobs").click()
    page.get_by_label("Status").select_option("bpa_approved")
    page.get_by_label("Measure type").select_option("ashp")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("result-count")).to_contain_text("1 job")
    expect(row(page, territory.ashp.measure_id)).to_be_visible()
    expect(row(page, territory.duct.measure_id)).to_have_count(0)

    # Open the job, then back to the same search.
    row(page, territory.ashp.measure_id).get_by_role(
        "link", name=str(territory.ashp.measure_id)
    ).click()
    expect(page.get_by_test_id("measure-id")).to_have_text(str(territory.ashp.measure_id))
    page.go_back()
    expect(page.get_by_label("Status")).to_have_value("bpa_approved")
    expect(row(page, territory.ashp.measure_id)).to_be_visible()

    # The CSV holds what the search shows.
    filtered = download_csv(page, tmp_path, "filtered.csv")
    assert [int(r["measure_id"]) for r in filtered] == [territory.ashp.measure_id]
    assert filtered[0]["electric_utility"] == "Benton REA"
    assert filtered[0]["make"] == "Acme"
    assert filtered[0]["status"] == "BPA Approved"

    # The whole territory: Benton REA's completed jobs only.
    page.get_by_role("link", name="Clear the search").click()
    expect(page.get_by_test_id("result-count")).to_contain_text(f"{len(benton)} jobs")
    # Column headers sort, and flip on a second click.
    # Each click loads the page anew: wait for the new address before the next click, or the
    # second click could land on the old page's link (the same sort again, not its flip).
    by_measure_id = page.get_by_role("columnheader", name="Measure ID").get_by_role("link")
    by_measure_id.click()
    expect(page).to_have_url(re.compile(r"[?&]sort=measure_id\b"))
    expect(page.locator("tbody tr").first).to_contain_text(str(territory.ashp.measure_id))
    by_measure_id.click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-measure_id\b"))
    expect(page.locator("tbody tr").first).to_contain_text(str(entered.measure_id))
    everything = download_csv(page, tmp_path, "territory.csv")
    assert {int(r["measure_id"]) for r in everything} == {job.measure_id for job in benton}
    assert {r["electric_utility"] for r in everything} == {"Benton REA"}
    assert "97301" not in {r["zip_code"] for r in everything}
    (orchard,) = (r for r in everything if int(r["measure_id"]) == entered.measure_id)
    assert (orchard["pre_cfm50"], orchard["post_cfm50"]) == ("400.0", "100.0")
    assert (orchard["reduction"], orchard["duct_type"]) == ("75.0", "Seal existing ducts")
    # The same territory for a program: the data dictionary's names and codes.
    for_machines = download_csv(page, tmp_path, "territory-codes.csv", codes=True)
    (orchard,) = (r for r in for_machines if int(r["measure_id"]) == entered.measure_id)
    assert (orchard["reduction"], orchard["duct_type"]) == ("0.75", "existing")


def test_sorting_by_a_column_header_on_a_phone(phone_page: Page, utility_user, benton_rea):
    page = phone_page
    territory = make_territory(benton_rea, benton_rea)  # Benton's jobs only

    sign_in(page, utility_user.username)
    page.goto("/utilities/jobs/?sort=measure_id")
    expect(page.get_by_role("heading", name="Territory jobs")).to_be_visible()
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text(str(territory.ashp.measure_id))
    page.get_by_text("Filter jobs").click()
    page.get_by_label("Sort by").select_option("-measure_id")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-measure_id\b"))
    expect(first_row).to_contain_text(str(territory.pacific.measure_id))
