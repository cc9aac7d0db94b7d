"""HPXML import (jobs.hpxml.parse, jobs.hpxml.imports): an exported job comes back equal
through job_submit; bad documents get a clear error and write nothing; XXE and entity
expansion are refused."""

import pytest

from jobs import services
from jobs.hpxml import hpxml_import, hpxml_to_payloads, jobs_to_hpxml
from jobs.hpxml import parse as hpxml_parse
from jobs.models import Job, RingCalibration
from tests.jobs.hpxml.schema import PAYLOADS, completed

pytestmark = pytest.mark.django_db

FOREIGN = b"""<?xml version="1.0"?>
<HPXML xmlns="http://hpxmlonline.com/2019/10" schemaVersion="3.0">
  <XMLTransactionHeaderInformation><XMLType/><XMLGeneratedBy/>
    <CreatedDateAndTime>2024-05-02T10:00:00</CreatedDateAndTime><Transaction>create</Transaction>
  </XMLTransactionHeaderInformation>
  <SoftwareInfo/>
  <Building>
    <BuildingID id="b1"/>
    <Site><SiteID id="s1"/><Address><Address1>1200 N. Meade Avenue</Address1>
      <CityMunicipality>Prosser</CityMunicipality><StateCode>WA</StateCode>
      <ZipCode>99350</ZipCode></Address></Site>
    <ProjectStatus><EventType>job completion testing/final inspection</EventType>
      <Date>2024-05-01</Date></ProjectStatus>
    <BuildingDetails><Systems><HVAC><HVACPlant><HeatPump><SystemIdentifier id="hp1"/>
      <Manufacturer>Acme</Manufacturer><HeatPumpType>ground-to-air</HeatPumpType>
      <CoolingCapacity>30000</CoolingCapacity>
      <AnnualCoolingEfficiency><Units>SEER</Units><Value>20</Value></AnnualCoolingEfficiency>
    </HeatPump></HVACPlant></HVAC></Systems></BuildingDetails>
  </Building>
</HPXML>"""


def _reimport(technician, job, action="complete"):
    """Export ``job``, remove it (as if importing into another registry: the one-per-home
    rule would otherwise see it), import the document as ``technician``."""
    document = jobs_to_hpxml([job])
    Job.objects.filter(pk=job.pk).delete()
    [result] = hpxml_import(actor=technician, xml_bytes=document, action=action)
    assert result.imported, result.errors
    return result, Job.objects.get(measure_id=result.measure_id)


@pytest.mark.parametrize("measure_type", list(PAYLOADS))
def test_exported_job_round_trips_through_import(technician, benton_rea, measure_type):
    original = completed(technician, measure_type)

    result, again = _reimport(technician, original)

    assert result.source_id == str(original.measure_id)
    assert again.measure_id != original.measure_id
    assert again.data == original.data
    assert (again.status, again.ruleset, again.category) == (
        original.status,
        original.ruleset,
        original.category,
    )
    assert again.computed == original.computed
    assert (again.measure_type, again.install_date, again.site_id, again.utility_id) == (
        original.measure_type,
        original.install_date,
        original.site_id,
        original.utility_id,
    )
    assert result.status == original.status


def test_round_trip_keeps_ring_readings_and_empty_defaults(technician, benton_rea):
    RingCalibration.objects.update_or_create(
        equipment="energy_conservatory",
        ring="1",
        active=True,
        defaults={"c": 364 / 78**0.5, "n": 0.5, "source": "seed 004 L368 example"},
    )
    original = completed(
        technician,
        "duct_sealing_ptcs",
        test_equipment="energy_conservatory",
        pre_cfm50=None,
        pre_ring="1",
        pre_fan_pressure_pa="78",
        condition="",  # left empty on purpose: import must not fill in the default "none"
    )
    assert original.data["pre_cfm50"] is None
    assert original.data["condition"] is None

    _, again = _reimport(technician, original)

    assert again.data == original.data
    assert again.status == original.status


def test_in_progress_job_round_trips_in_progress(technician, benton_rea):
    payload = PAYLOADS["ashp"](seer=None, hspf=None)
    original = services.job_submit(actor=technician, payload=payload, action="save_progress")

    _, again = _reimport(technician, original, action="save_progress")

    assert again.status == Job.Status.IN_PROGRESS
    assert again.data == original.data


def test_hpxml_from_elsewhere_is_read_from_hpxml_elements(db):
    [parsed] = hpxml_to_payloads(FOREIGN)

    assert parsed.errors == {}
    assert parsed.payload == {
        "measure_type": "gshp",
        "street_address": "1200 N. Meade Avenue",
        "city": "Prosser",
        "state": "WA",
        "zip_code": "99350",
        "install_date": "2024-05-01",
        "make": "Acme",
        "outdoor_capacity_tons": "2.5",
        "seer": "20",
    }


def test_seer2_hspf2_elements_of_a_newer_hpxml_are_read(db):
    newer = (
        FOREIGN.replace(b"http://hpxmlonline.com/2019/10", b"http://hpxmlonline.com/2023/09")
        .replace(b'schemaVersion="3.0"', b'schemaVersion="4.0"')
        .replace(
            b"<AnnualCoolingEfficiency><Units>SEER</Units><Value>20</Value>",
            b"<AnnualCoolingEfficiency><Units>SEER2</Units><Value>15.2</Value>",
        )
        .replace(
            b"</AnnualCoolingEfficiency>",
            b"</AnnualCoolingEfficiency><AnnualHeatingEfficiency><Units>HSPF2</Units>"
            b"<Value>8.1</Value></AnnualHeatingEfficiency>",
        )
    )

    [parsed] = hpxml_to_payloads(newer)

    assert parsed.errors == {}
    assert (parsed.payload["seer2"], parsed.payload["hspf2"]) == ("15.2", "8.1")
    assert "seer" not in parsed.payload


def test_a_seer2_rated_job_round_trips(technician, benton_rea):
    original = completed(technician, "ashp", seer=None, hspf=None, seer2="15.2", hspf2="8.1")

    _, again = _reimport(technician, original)

    assert again.data == original.data
    assert (again.data["seer2"], again.data["hspf2"]) == (15.2, 8.1)
    assert again.status == original.status == Job.Status.BPA_APPROVED


def test_missing_fields_come_back_as_field_errors(technician, benton_rea):
    [result] = hpxml_import(actor=technician, xml_bytes=FOREIGN, action="complete")

    assert not result.imported
    assert "hspf" in result.errors
    assert not Job.objects.exists()


def test_unknown_extension_field_is_an_error_and_other_buildings_still_import(
    technician, benton_rea
):
    good = completed(technician, "ashp")
    bad = completed(technician, "duct_sealing_ptcs", street_address="77 Vineyard Dr")
    document = jobs_to_hpxml([good, bad]).replace(b'name="duct_type"', b'name="duct_kind"')
    Job.objects.all().delete()

    first, second = hpxml_import(actor=technician, xml_bytes=document, action="complete")

    assert first.imported
    assert not second.imported
    assert second.errors["duct_kind"] == ["Unknown field for a duct_sealing_ptcs job."]
    assert Job.objects.count() == 1


def test_only_the_installing_technician_imports(technician, other_technician, benton_rea):
    document = jobs_to_hpxml([completed(technician, "ashp")])

    [result] = hpxml_import(actor=other_technician, xml_bytes=document, action="complete")

    assert not result.imported
    assert result.errors["tech_id"] == [
        "You can enter jobs only under your own PTCS Technician ID."
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"", "The file is empty."),
        (b"<HPXML><Building>", "This is not well-formed XML"),
        (b"\xff\xfe\x00garbage", "This is not well-formed XML"),
        (b"<report><job/></report>", "This is not an HPXML document"),
        (
            b'<HPXML xmlns="http://hpxmlonline.com/2019/10" schemaVersion="3.0"/>',
            "The document has no Building element",
        ),
    ],
)
def test_bad_document_is_a_clear_error_and_writes_nothing(technician, document, message):
    with pytest.raises(services.JobError) as caught:
        hpxml_import(actor=technician, xml_bytes=document, action="complete")

    assert caught.value.message_dict["file"][0].startswith(message)
    assert not Job.objects.exists()


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE HPXML [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<HPXML xmlns="http://hpxmlonline.com/2019/10" schemaVersion="3.0">
<Building><BuildingID id="b"/><Site><SiteID id="s"/><Address><Address1>&secret;</Address1>
</Address></Site></Building></HPXML>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<HPXML xmlns="http://hpxmlonline.com/2019/10" schemaVersion="3.0">
<Building><BuildingID id="b"/><Site><SiteID id="s"/><Address><Address1>&lol9;</Address1>
</Address></Site></Building></HPXML>"""


@pytest.mark.parametrize("document", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_and_doctypes_are_refused(technician, document):
    with pytest.raises(services.JobError) as caught:
        hpxml_import(actor=technician, xml_bytes=document, action="save_progress")

    [message] = caught.value.message_dict["file"]
    assert "DOCTYPE" in message
    assert "root:" not in message  # nothing of /etc/passwd
    assert not Job.objects.exists()


def test_documents_over_the_size_cap_are_refused(technician, monkeypatch):
    monkeypatch.setattr(hpxml_parse, "MAX_BYTES", len(FOREIGN) - 1)

    with pytest.raises(services.JobError) as caught:
        hpxml_import(actor=technician, xml_bytes=FOREIGN, action="complete")

    assert "larger than" in caught.value.message_dict["file"][0]


def test_action_must_be_save_progress_or_complete(technician):
    with pytest.raises(services.JobError) as caught:
        hpxml_import(actor=technician, xml_bytes=FOREIGN, action="approve")

    assert caught.value.message_dict == {"action": ["Use save_progress or complete."]}


def test_doctype_in_utf16_is_refused_after_parsing_without_expanding(technician):
    # The byte scan cannot see UTF-16; the parser resolves no entity and the parsed
    # document's DOCTYPE is refused.
    document = XXE.replace(b'version="1.0"?>', b'version="1.0" encoding="UTF-16"?>')
    document = document.decode().encode("utf-16")

    with pytest.raises(services.JobError) as caught:
        hpxml_import(actor=technician, xml_bytes=document, action="save_progress")

    assert "DOCTYPE" in caught.value.message_dict["file"][0]
