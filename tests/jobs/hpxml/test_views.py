"""HPXML in the browser, the API and the command: downloads scoped like the job page and the
territory search (another utility's job is a 404 and never in a filtered export), the import
page and ``manage.py import_hpxml``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from jobs.hpxml import jobs_to_hpxml
from jobs.hpxml.names import HPXML_NS
from jobs.models import Job
from tests.jobs.factories import JobFactory, SiteFactory
from tests.jobs.hpxml.schema import assert_valid, completed
from tests.jobs.review.data import energy_trust_gshp

pytestmark = pytest.mark.django_db
NS = {"h": HPXML_NS}
#: Session, user, then the jobs in chunks (jobs.hpxml.export.CHUNK_SIZE rows per query).
TERRITORY_HPXML_QUERIES = 3


def _measure_ids(content: bytes) -> list[str]:
    root = assert_valid(content)
    return root.xpath(
        "h:Building/h:BuildingID/h:SendingSystemIdentifierValue/text()", namespaces=NS
    )


@pytest.fixture
def benton_job(technician, benton_rea):
    return completed(technician, "ashp")


@pytest.fixture
def pacific_job(technician, pacific_power):
    return energy_trust_gshp(technician)


def test_job_download_is_an_hpxml_attachment(client, technician, benton_job):
    client.force_login(technician)

    response = client.get(reverse("jobs:hpxml", args=[benton_job.measure_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == (
        f'attachment; filename="registry-job-{benton_job.measure_id}.hpxml.xml"'
    )
    assert _measure_ids(response.content) == [str(benton_job.measure_id)]


def test_utility_user_gets_404_for_another_utilitys_job(client, other_utility_user, benton_job):
    client.force_login(other_utility_user)

    assert client.get(reverse("jobs:hpxml", args=[benton_job.measure_id])).status_code == 404
    api = client.get(reverse("api-job-hpxml", args=[benton_job.measure_id]))
    assert api.status_code == 404


def test_api_download(client, utility_user, benton_job):
    client.force_login(utility_user)

    response = client.get(f"/api/v1/jobs/{benton_job.measure_id}/hpxml/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert "attachment;" in response["Content-Disposition"]
    assert _measure_ids(response.content) == [str(benton_job.measure_id)]


@pytest.mark.parametrize(
    ("persona", "visible"),
    [("utility_user", "benton"), ("other_utility_user", "pacific"), ("staff", "both")],
)
def test_filtered_export_holds_only_the_users_territory(
    client, request, benton_job, pacific_job, persona, visible
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("utilities:territory-hpxml"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"].startswith('attachment; filename="territory-jobs-')
    expected = {
        "benton": {str(benton_job.measure_id)},
        "pacific": {str(pacific_job.measure_id)},
        "both": {str(benton_job.measure_id), str(pacific_job.measure_id)},
    }[visible]
    assert set(_measure_ids(b"".join(response.streaming_content))) == expected


def test_filtered_export_applies_the_search(client, utility_user, technician, benton_job):
    duct = completed(technician, "duct_sealing_ptcs", street_address="77 Vineyard Dr")
    client.force_login(utility_user)

    response = client.get(reverse("utilities:territory-hpxml"), {"measure_type": "ashp"})

    ids = _measure_ids(b"".join(response.streaming_content))
    assert ids == [str(benton_job.measure_id)]
    assert str(duct.measure_id) not in ids


def test_invalid_search_is_a_400_not_an_export(client, utility_user, benton_job):
    client.force_login(utility_user)

    response = client.get(reverse("utilities:territory-hpxml"), {"installed_from": "yesterday"})

    assert response.status_code == 400
    assert "nothing was exported" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_filtered_export_queries_do_not_grow_with_jobs(
    client, utility_user, benton_rea, django_assert_num_queries, count
):
    for i in range(count):
        JobFactory(
            utility=benton_rea,
            site=SiteFactory(),
            measure_type=Job.MeasureType.ASHP if i % 2 else Job.MeasureType.DUCT_SEALING_PTCS,
            data={"make": "Acme", "hspf": 9.5, "pre_cfm50": 300.0},
        )
    client.force_login(utility_user)

    with django_assert_num_queries(TERRITORY_HPXML_QUERIES):
        content = b"".join(client.get(reverse("utilities:territory-hpxml")).streaming_content)

    assert len(_measure_ids(content)) == count


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("jobs.xml", content, content_type="application/xml")


def test_import_page_imports_an_exported_job(client, technician, benton_job):
    document = jobs_to_hpxml([benton_job])
    Job.objects.all().delete()
    client.force_login(technician)

    response = client.post(
        reverse("jobs:hpxml-import"), {"file": _upload(document), "action": "complete"}
    )

    assert response.status_code == 200
    job = Job.objects.get()
    assert job.status == benton_job.status
    assert f"Job {job.measure_id}" in response.content.decode()


def test_import_page_explains_a_malformed_file(client, technician):
    client.force_login(technician)

    response = client.post(
        reverse("jobs:hpxml-import"), {"file": _upload(b"<HPXML"), "action": "save_progress"}
    )

    assert response.status_code == 400
    assert "This is not well-formed XML" in response.content.decode()
    assert not Job.objects.exists()


def test_import_page_lists_a_building_that_could_not_be_entered(client, technician, benton_job):
    document = jobs_to_hpxml([benton_job]).replace(b'name="nsop"', b'name="nsopp"')
    Job.objects.all().delete()
    client.force_login(technician)

    response = client.post(
        reverse("jobs:hpxml-import"), {"file": _upload(document), "action": "complete"}
    )

    assert response.status_code == 400
    assert "nsopp" in response.content.decode()
    assert not Job.objects.exists()


def test_command_imports_as_the_technician(tmp_path, technician, benton_job, capsys):
    path = tmp_path / "jobs.xml"
    path.write_bytes(jobs_to_hpxml([benton_job]))
    Job.objects.all().delete()

    call_command("import_hpxml", str(path), "--as", technician.username, "--complete")

    job = Job.objects.get()
    assert (job.status, job.technician.user) == (benton_job.status, technician)
    assert f"job {job.measure_id}, {job.get_status_display()}" in capsys.readouterr().out


def test_command_saves_progress_by_default(tmp_path, technician, benton_job):
    path = tmp_path / "jobs.xml"
    path.write_bytes(jobs_to_hpxml([benton_job]))
    Job.objects.all().delete()

    call_command("import_hpxml", str(path), "--as", technician.username)

    assert Job.objects.get().status == Job.Status.IN_PROGRESS


def test_command_fails_loudly(tmp_path, technician, benton_job):
    path = tmp_path / "jobs.xml"
    path.write_bytes(etree.tostring(etree.Element("report")))

    with pytest.raises(CommandError, match="nothing imported. This is not an HPXML document"):
        call_command("import_hpxml", str(path), "--as", technician.username)
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("import_hpxml", str(path), "--as", "nobody")

    path.write_bytes(jobs_to_hpxml([benton_job]).replace(b'name="nsop"', b'name="nsopp"'))
    with pytest.raises(CommandError, match="0 of 1 building imported"):
        call_command("import_hpxml", str(path), "--as", "tina-tech", "--complete")


@pytest.mark.parametrize("accept", ["application/xml", "application/json", "*/*"])
def test_api_download_whatever_the_client_accepts(client, utility_user, benton_job, accept):
    client.force_login(utility_user)

    response = client.get(
        reverse("api-job-hpxml", args=[benton_job.measure_id]), HTTP_ACCEPT=accept
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"


def test_api_404_in_xml_when_xml_is_asked_for(client, other_utility_user, benton_job):
    client.force_login(other_utility_user)

    response = client.get(
        reverse("api-job-hpxml", args=[benton_job.measure_id]), HTTP_ACCEPT="application/xml"
    )

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/xml")
    assert etree.fromstring(response.content).findtext("error[@field='detail']") == "No such job."
