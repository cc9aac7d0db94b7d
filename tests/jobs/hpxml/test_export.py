"""HPXML export (jobs.hpxml.export): every measure type validates against the HPXML schema
subset, HPXML's own elements carry what they can, the rest rides in the extension."""

import math

import pytest
from lxml import etree

from jobs import services
from jobs.hpxml import jobs_to_hpxml
from jobs.hpxml.names import HPXML_NS, PTCS_NS
from jobs.models import Job, RingCalibration
from tests.jobs.hpxml.schema import PAYLOADS, assert_valid, completed

pytestmark = pytest.mark.django_db
NS = {"h": HPXML_NS, "ptcs": PTCS_NS}


def _one(root, path):
    """The one element at ``path``, or the text of ``string(path)``."""
    found = root.xpath(path, namespaces=NS)
    if isinstance(found, str):
        return found
    assert len(found) == 1, f"{path}: {len(found)} matches"
    return found[0]


@pytest.mark.parametrize("measure_type", list(PAYLOADS))
def test_export_of_each_measure_type_validates(technician, benton_rea, measure_type):
    job = completed(technician, measure_type)
    assert job.status != Job.Status.IN_PROGRESS

    root = assert_valid(jobs_to_hpxml([job]))

    assert _one(root, "string(h:Building/h:BuildingID/h:SendingSystemIdentifierValue)") == str(
        job.measure_id
    )
    assert _one(root, "string(h:Building/h:extension/ptcs:Job/ptcs:Status)") == job.status
    assert _one(root, "string(h:Building/h:extension/ptcs:Job/ptcs:RuleSet)") == job.ruleset
    assert _one(root, "string(h:Building/h:Site/h:Address/h:ZipCode)") == "99350"


def test_heat_pump_uses_hpxml_elements(technician, benton_rea):
    job = completed(technician, "vshp")
    root = assert_valid(jobs_to_hpxml([job]))
    pump = _one(root, "//h:HVACPlant/h:HeatPump")

    assert _one(pump, "string(h:HeatPumpType)") == "air-to-air"
    assert _one(pump, "string(h:CompressorType)") == "variable speed"
    assert _one(pump, "string(h:AHRINumber)") == "201234567"
    assert float(_one(pump, "string(h:CoolingCapacity)")) == 36000  # 3 tons
    assert _one(pump, "string(h:AnnualCoolingEfficiency[h:Units='SEER']/h:Value)") == "16.0"
    assert _one(pump, "string(h:AnnualHeatingEfficiency[h:Units='HSPF']/h:Value)") == "9.5"
    # TrueFlow readings have no HPXML element: the heat pump's extension carries them.
    assert _one(pump, "string(h:extension/ptcs:Fields/ptcs:Field[@name='tfsop'])") == "0.36"
    assert _one(pump, "string(h:extension/ptcs:Fields/ptcs:Field[@name='raw_flow_cfm'])") == (
        "1100.0"
    )


def test_ground_source_heat_pump_type(technician, benton_rea):
    root = assert_valid(jobs_to_hpxml([completed(technician, "gshp")]))
    assert _one(root, "string(//h:HeatPump/h:HeatPumpType)") == "ground-to-air"
    assert not root.xpath("//h:HeatPump/h:CompressorType", namespaces=NS)


def test_duct_leakage_pre_and_post_in_cfm50_to_outside(technician, benton_rea):
    root = assert_valid(jobs_to_hpxml([completed(technician, "duct_sealing_ptcs")]))
    measurements = root.xpath("//h:AirDistribution/h:DuctLeakageMeasurement", namespaces=NS)

    assert [
        (
            m.xpath("string(h:extension/ptcs:TestPhase)", namespaces=NS),
            m.xpath("string(h:DuctLeakage/h:Units)", namespaces=NS),
            m.xpath("string(h:DuctLeakage/h:Value)", namespaces=NS),
            m.xpath("string(h:DuctLeakage/h:TotalOrToOutside)", namespaces=NS),
        )
        for m in measurements
    ] == [("pre", "CFM50", "400.0", "to outside"), ("post", "CFM50", "60.0", "to outside")]


def test_ring_and_fan_pressure_ride_in_the_measurement_extension(technician, benton_rea):
    # Seed 004 L368: "Ring 1, 78 Pa Fan Pressure, 364 CFM" (n = 0.5 fixes C).
    RingCalibration.objects.update_or_create(
        equipment="energy_conservatory",
        ring="1",
        active=True,
        defaults={"c": 364 / math.sqrt(78), "n": 0.5, "source": "seed 004 L368 example"},
    )
    job = completed(
        technician,
        "duct_sealing_ptcs",
        test_equipment="energy_conservatory",
        pre_cfm50=None,
        pre_ring="1",
        pre_fan_pressure_pa="78",
    )
    root = assert_valid(jobs_to_hpxml([job]))
    pre = _one(root, "//h:DuctLeakageMeasurement[h:extension/ptcs:TestPhase='pre']")

    fields = "h:extension/ptcs:Fields/ptcs:Field"
    assert _one(pre, f"string({fields}[@name='pre_ring'])") == "1"
    assert _one(pre, f"string({fields}[@name='pre_fan_pressure_pa'])") == "78.0"
    # The CFM the registry computed from the ring is reported, and marked as computed.
    assert _one(pre, "string(h:extension/ptcs:ComputedFromRing)") == "true"
    assert float(_one(pre, "string(h:DuctLeakage/h:Value)")) == pytest.approx(364)


def test_a_field_is_written_once(technician, benton_rea):
    job = completed(technician, "ashp")
    root = assert_valid(jobs_to_hpxml([job]))
    extension_names = root.xpath("//ptcs:Field/@name", namespaces=NS)

    assert len(extension_names) == len(set(extension_names))
    for native in ("make", "outdoor_model", "ahri_number", "seer", "hspf", "heated_area_sqft"):
        assert native not in extension_names


def test_seer2_hspf2_ride_in_the_heat_pumps_extension(technician, benton_rea):
    """HPXML v3.0, which the export declares, has no SEER2/HSPF2 units."""
    job = completed(technician, "ashp", seer=None, hspf=None, seer2="15.2", hspf2="8.1")
    root = assert_valid(jobs_to_hpxml([job]))
    [pump] = root.xpath("//h:HeatPump", namespaces=NS)
    fields = "h:extension/ptcs:Fields/ptcs:Field"

    assert _one(pump, f"string({fields}[@name='seer2'])") == "15.2"
    assert _one(pump, f"string({fields}[@name='hspf2'])") == "8.1"
    assert not pump.xpath("h:AnnualCoolingEfficiency", namespaces=NS)


def test_several_jobs_make_one_document(technician, benton_rea):
    jobs = [
        completed(technician, "ashp"),
        completed(technician, "duct_sealing_ptcs", street_address="77 Vineyard Dr"),
    ]
    root = assert_valid(jobs_to_hpxml(Job.objects.filter(pk__in=[j.pk for j in jobs])))

    assert len(root.xpath("h:Building", namespaces=NS)) == 2


def test_empty_export_is_a_valid_document(db):
    root = assert_valid(jobs_to_hpxml([]))
    assert root.xpath("count(h:Building)", namespaces=NS) == 0


def test_control_characters_are_dropped_not_a_broken_document(technician, benton_rea):
    job = completed(technician, "ashp")
    job.data = {**job.data, "thermostat_model": "T\x01-1"}
    root = etree.fromstring(jobs_to_hpxml([job]))
    assert root.xpath("string(//ptcs:Field[@name='thermostat_model'])", namespaces=NS) == "T-1"


def test_in_progress_job_validates_with_its_own_event_type(technician, benton_rea):
    payload = PAYLOADS["duct_sealing_ptcs"](post_cfm50=None)
    job = services.job_submit(actor=technician, payload=payload, action="save_progress")

    root = assert_valid(jobs_to_hpxml([job]))

    assert _one(root, "string(//h:ProjectStatus/h:EventType)") == (
        "construction-period testing/daily test out"
    )
    assert _one(root, "string(//ptcs:Job/ptcs:Status)") == "in_progress"
    # The post-test is not entered yet: its check is not answered yet, which is not failed.
    readings = _one(root, "//ptcs:Check[@rule='duct.leakage_readings']")
    assert readings.get("answered") == "false"
    assert readings.text == "Not answered yet: Post-test duct blaster CFM."
    assert root.xpath("//ptcs:Check[@answered]/@rule", namespaces=NS) == ["duct.leakage_readings"]
