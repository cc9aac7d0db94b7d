"""The measure form in sections (jobs/templates/jobs/job_form.html, jobs.sections): one form
holding every section, each with its computed values and checks, and a status bar with the
status so far and the two submit buttons; the live preview fills each section out of band."""

import re

import pytest
from django.urls import reverse

from tests.jobs.factories import entry_ashp_payload, entry_duct_payload

pytestmark = pytest.mark.django_db

NEW_ASHP = reverse("jobs:new-measure", kwargs={"measure_type": "ashp"})
NEW_DUCT = reverse("jobs:new-measure", kwargs={"measure_type": "duct_sealing_ptcs"})
PREVIEW = reverse("jobs:preview")


@pytest.fixture
def tech_client(client, technician, benton_rea):
    client.force_login(technician)
    return client


def _between(html: str, start: str, end: str) -> str:
    i = html.index(start)
    return html[i : html.index(end, i)]


def _section(html: str, key: str) -> str:
    """The markup of one section of the form, up to the next one."""
    start = html.index(f'<section class="job-section" id="section-{key}"')
    following = html.find('<section class="job-section"', start + 1)
    return html[start : following if following != -1 else html.index("</form>", start)]


def test_the_form_is_one_form_of_sections_in_data_dictionary_order(tech_client):
    html = tech_client.get(NEW_ASHP).content.decode()
    assert html.count('class="job-entry"') == 1
    form = _between(html, 'class="job-entry"', "</form>")
    keys = re.findall(r'<section class="job-section" id="section-(\w+)"', html)
    assert keys == ["site", "home", "equipment", "airflow", "charge", "controls"]
    # The section list names each section and the live check, in the same order.
    nav = _between(html, 'data-testid="section-nav"', "</nav>")
    assert re.findall(r'data-section-link="(\w+)"', nav) == [*keys, "check"]
    assert "External static pressure and TrueFlow" in nav
    # Every field is in its own section, all inside the one form.
    assert all(f'id="section-{key}"' in form for key in keys)
    airflow = _section(html, "airflow")
    for name in ("static_units", "nsop", "tfsop", "raw_flow_cfm"):
        assert f'name="{name}"' in airflow
    assert 'name="hspf"' in _section(html, "equipment")
    assert 'name="street_address"' in _section(html, "site")
    assert "Section 4 of 6" in airflow
    assert "Next: Refrigerant charge check" in airflow


def test_each_section_has_its_computed_values_beside_its_fields(tech_client):
    html = tech_client.get(NEW_ASHP).content.decode()
    airflow = _section(html, "airflow")
    assert 'id="section-values-airflow"' in airflow
    assert 'data-testid="computed-cfm_per_ton">—<' in airflow
    assert 'data-testid="computed-corrected_flow_cfm">—<' in airflow
    charge = _section(html, "charge")
    assert 'data-testid="computed-temp_split">—<' in charge
    assert 'data-testid="computed-subcooling">—<' in charge
    assert "section-values" not in _section(html, "equipment")
    # Each computed value once on the page.
    assert html.count('data-testid="computed-cfm_per_ton"') == 1


def test_the_status_bar_holds_the_status_and_the_real_submit_buttons(tech_client):
    html = tech_client.get(NEW_ASHP).content.decode()
    bar = _between(html, 'data-testid="status-bar"', "</form>")
    assert 'data-testid="statusbar-status"' in bar
    assert '<button type="submit" name="action" value="save_progress"' in bar
    assert '<button type="submit" name="action" value="complete">Complete</button>' in bar
    assert ">Save Progress</button>" in bar
    # Exactly one of each submit button on the page, and one status of the live check.
    assert html.count('value="save_progress"') == 1
    assert html.count('value="complete"') == 1
    assert 'data-testid="preview-status"' not in html  # the live check brings it
    assert html.count('id="preview"') == 1


def test_preview_places_each_sections_values_and_checks_out_of_band(tech_client):
    payload = entry_ashp_payload(raw_flow_cfm=None, hspf=None)
    html = tech_client.post(PREVIEW, payload).content.decode()
    assert html.count('data-testid="preview-status"') == 1
    status = re.search(r'data-testid="preview-status">([^<]+)<', html).group(1)
    assert status == "Incomplete: 2 questions left"
    bar = re.search(r'<span id="statusbar-status" hx-swap-oob="true"[^>]*>([^<]+)<', html)
    assert bar.group(1) == status
    airflow_values = _between(html, 'id="section-values-airflow" hx-swap-oob="innerHTML"', "</div>")
    assert 'data-testid="computed-cfm_per_ton">—<' in airflow_values
    airflow = _between(html, 'id="section-checks-airflow" hx-swap-oob="innerHTML"', "</ul>")
    assert 'data-testid="check-hp.airflow_per_ton" class="check-unanswered"' in airflow
    assert "Still needed in this section to Complete: Raw flow CFM from tables [D]." in airflow
    equipment = _between(html, 'id="section-checks-equipment"', "</ul>")
    assert 'data-testid="check-hp.efficiency"' in equipment
    assert re.search(r'id="section-progress-airflow" hx-swap-oob="innerHTML">\s*1 left', html)
    assert re.search(
        r'id="section-progress-controls" hx-swap-oob="innerHTML">\s*all answered', html
    )
    # Each check once under its own test id: the summary's copies are named apart.
    for rule in set(re.findall(r'data-testid="check-([\w.]+)"', html)):
        assert html.count(f'data-testid="check-{rule}"') == 1, rule


def test_preview_puts_the_leakage_values_and_checks_in_the_leakage_section(tech_client):
    html = tech_client.post(PREVIEW, entry_duct_payload(post_cfm50="70")).content.decode()
    values = _between(html, 'id="section-values-leakage"', "</dl>")
    assert 'data-testid="computed-pre_required_cfm50">150 CFM50<' in values
    assert 'data-testid="computed-post_allowed_cfm50">80 CFM50<' in values
    assert 'data-testid="computed-reduction">82.5 %<' in values
    checks = _between(html, 'id="section-checks-leakage"', "</ul>")
    assert 'data-testid="check-duct.post_test_leakage"' in checks
    assert 'data-testid="check-duct.co_detector"' in _between(
        html, 'id="section-checks-safety"', "</ul>"
    )


def test_a_failing_check_is_named_in_the_summary_and_in_its_section(tech_client):
    html = tech_client.post(PREVIEW, entry_ashp_payload(balance_point_f="45")).content.decode()
    assert 'data-testid="summary-check-hp.balance_point" class="check-fail"' in html
    equipment = _between(html, 'id="section-checks-equipment"', "</ul>")
    assert 'data-testid="check-hp.balance_point" class="check-fail"' in equipment
    assert re.search(
        r'id="section-progress-equipment" hx-swap-oob="innerHTML">[^<]*1 not passing', html
    )


def test_a_refused_complete_opens_the_section_of_the_first_error(tech_client):
    response = tech_client.post(
        NEW_ASHP, {**entry_ashp_payload(hspf="abc", raw_flow_cfm="x"), "action": "complete"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-open-section="equipment"' in html
    assert '<a href="#id_hspf">HSPF</a>' in html
    assert '<a href="#id_raw_flow_cfm">' in html
    nav = _between(html, 'data-testid="section-nav"', "</nav>")
    assert re.search(
        r'data-section-link="equipment">[^<]*<strong class="section-error-mark">\(error\)', nav
    )
    assert "(error)" not in _between(nav, 'data-section-link="charge"', "</a>")
    # Every other section keeps what was typed.
    assert 'value="1100"' not in html  # the raw flow was typed as "x"
    assert 'name="raw_flow_cfm" value="x"' in html
    assert 'name="nsop" value="0.4"' in html


def test_a_form_without_errors_opens_no_particular_section(tech_client):
    html = tech_client.get(NEW_ASHP).content.decode()
    assert 'data-open-section=""' in html
