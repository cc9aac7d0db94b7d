"""Job payloads (the flat form/API shape of spec §4) and model factories for DB tests.

``ashp_payload()``, ``duct_payload()`` and ``gshp_payload()`` are complete payloads that pass
``jobs.dictionary.inputs.parse`` and, for a technician certified since 2024-01-15 (the personas of
tests/conftest.py) at Benton REA ZIP 99350, give BPA Approved (GSHP: BPA Pending). A test
overrides the one field it is about; ``None`` removes a field.

``JobFactory`` writes rows directly, bypassing jobs.services: for selector and admin tests
that need a job of a given status and utility, not for testing how a status is reached.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from jobs.models import MEASURE_ID_OFFSET, Job, MeasureIdAllocation, Site
from tests.technicians.factories import TechnicianProfileFactory

#: After the personas' certification effective date (2024-01-15), inside rule set ptcs-2019-10.
INSTALL_DATE = datetime.date(2024, 6, 3)

SITE = {
    "street_address": "1200 N Meade Ave",
    "street_address_2": "",
    "city": "Prosser",
    "state": "WA",
    "zip_code": "99350",
}

HOME = {
    "home_type": "existing_site_built",
    "heated_area_sqft": "2000",
    "foundation_type": "crawlspace",
    "existing_heating_system": "electric_fa_no_ac",
    "backup_heat": "electric_fa",
}


def _payload(measure_type: str, fields: dict[str, Any], overrides: dict[str, Any]) -> dict:
    payload: dict[str, Any] = {
        "measure_type": measure_type,
        "install_date": INSTALL_DATE.isoformat(),
        "electric_utility": "Benton REA",
        **SITE,
        **HOME,
        **fields,
    }
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not None}


def ashp_payload(**overrides: Any) -> dict[str, Any]:
    """An ASHP conversion (replaces an electric furnace) meeting every check: 9.5 HSPF / 16
    SEER, balance point 25 °F, 0.50 in. w.c., 400 CFM/ton, split 25 °F ≥ 20 °F expected."""
    return _payload(
        "ashp",
        {
            "ahri_number": "201234567",
            "seer": "16",
            "hspf": "9.5",
            "outdoor_capacity_tons": "2",
            "make": "Acme",
            "outdoor_model": "HP-24",
            "indoor_model": "AH-24",
            "variable_speed": "no",
            "balance_point_f": "25",
            "tests_in_test_mode": "yes",
            "static_units": "in_wc",
            "return_static": "-0.30",
            "supply_static": "0.20",
            "nsop": "0.20",
            "tfsop": "0.20",
            "plate_size": "20",
            "plate_location": "air_handler",
            "plate_pressure_pa": "100",
            "raw_flow_cfm": "800",
            "outdoor_temp_f": "40",
            "test_mode": "heating",
            "supply_air_f": "95",
            "return_air_f": "70",
            "expected_temp_split": "20",
            "low_ambient_lockout": "yes_5f_or_less",
            "aux_heat_lockout": "35f",
            "thermostat_make": "Acme",
            "thermostat_model": "T-1",
            "multi_capacity": "not_applicable",
        },
        overrides,
    )


def gshp_payload(**overrides: Any) -> dict[str, Any]:
    """A ground source heat pump: always BPA Pending on completion (seed 000 L29)."""
    fields = {
        "ahri_number": "301234567",
        "seer": "20",
        "hspf": "11",
        "outdoor_capacity_tons": "3",
        "make": "Acme Geo",
        "outdoor_model": "GEO-36",
        "desuperheater": "yes",
        "loop_type": "closed",
    }
    return _payload("gshp", fields, overrides)


def duct_payload(**overrides: Any) -> dict[str, Any]:
    """PTCS duct sealing of existing ducts in a 1,500 sq ft home: pre 400 ≥ 225 CFM50 required,
    post 100 ≤ 150 CFM50 allowed (seed 004 B.2.2, C.2.2)."""
    fields = {
        "heated_area_sqft": "1500",
        "ducts_30pct_unconditioned": "yes",
        "high_pressure_leak_exception": "no",
        "duct_type": "existing",
        "supply_count": "8",
        "return_count": "2",
        "condition": "none",
        "test_equipment": "energy_conservatory",
        "duct_insulation": "reinstalled",
        "house_pressure_pa": "50",
        "blaster_location": "return grille",
        "pre_cfm50": "400",
        "post_cfm50": "100",
        "meets_specification": "yes",
        "combustion_appliance": "no",
    }
    return _payload("duct_sealing_ptcs", fields, overrides)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    street_address = factory.Sequence(lambda n: f"{100 + n} MEADE AVE")
    street_address_2 = ""
    city = "PROSSER"
    state = "WA"
    zip_code = "99350"
    normalized_key = factory.LazyAttribute(lambda o: f"{o.street_address}||{o.zip_code}")
    verified = True


class JobFactory(factory.django.DjangoModelFactory):
    """A job row as the services would leave it (measure ID from the allocation sequence,
    completed_at set unless In Progress); status and utility are the test's to choose."""

    class Meta:
        model = Job

    measure_id = factory.LazyFunction(
        lambda: MEASURE_ID_OFFSET + MeasureIdAllocation.objects.create().pk
    )
    measure_type = Job.MeasureType.ASHP
    status = Job.Status.BPA_APPROVED
    site = factory.SubFactory(SiteFactory)
    technician = factory.SubFactory(TechnicianProfileFactory)
    company = factory.SelfAttribute("technician.company")
    utility = None
    entered_by = factory.SelfAttribute("technician.user")
    install_date = INSTALL_DATE
    completed_at = factory.LazyAttribute(
        lambda o: None if o.status == Job.Status.IN_PROGRESS else timezone.now()
    )


# --- Browser entry flow (tests/jobs/test_views.py, tests/browser/test_job_entry.py) -----------
#: The entry-flow tests' site: its ZIP is served by the ``benton_rea`` fixture.
ENTRY_SITE = {
    "street_address": "1200 N. Meade Avenue",
    "street_address_2": "",
    "city": "Prosser",
    "state": "WA",
    "zip_code": "99350",
}


def entry_ashp_payload(**overrides: Any) -> dict[str, str]:
    """The ASHP job a technician types into the browser form, as its POST: a conversion that
    ends BPA Approved (9.5 HSPF / 16 SEER, ESP 0.7 in. w.c., √(0.4/0.36) × 1100 CFM / 3 tons
    ≈ 386 CFM/ton, split 25 °F ≥ 20 °F). ``None`` removes a field."""
    payload = {
        "measure_type": "ashp",
        "install_date": "2024-05-01",
        "electric_utility": "Benton REA",
        **ENTRY_SITE,
        "home_type": "existing_site_built",
        "heated_area_sqft": "1800",
        "existing_heating_system": "electric_fa_no_ac",
        "backup_heat": "electric_fa",
        "ahri_number": "201234567",
        "seer": "16",
        "hspf": "9.5",
        "outdoor_capacity_tons": "3",
        "make": "Acme",
        "outdoor_model": "X1",
        "variable_speed": "no",
        "balance_point_f": "28",
        "static_units": "in_wc",
        "return_static": "-0.3",
        "supply_static": "0.4",
        "nsop": "0.4",
        "tfsop": "0.36",
        "plate_size": "20",
        "plate_location": "air_handler",
        "raw_flow_cfm": "1100",
        "outdoor_temp_f": "45",
        "test_mode": "heating",
        "supply_air_f": "95",
        "return_air_f": "70",
        "expected_temp_split": "20",
        "low_ambient_lockout": "yes_5f_or_less",
        "aux_heat_lockout": "35f",
        "multi_capacity": "not_applicable",
    }
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not None}


def entry_duct_payload(**overrides: Any) -> dict[str, str]:
    """A PTCS duct sealing job as typed: a 2-section manufactured home, pre 400 ≥ 150 CFM50
    required, post 60 ≤ 80 CFM50 allowed (seed 004 B.3.2, C.3.2) → BPA Approved."""
    payload = {
        "measure_type": "duct_sealing_ptcs",
        "install_date": "2024-05-01",
        "electric_utility": "Benton REA",
        **ENTRY_SITE,
        "home_type": "manufactured",
        "manufactured_sections": "2",
        "heated_area_sqft": "1400",
        "existing_heating_system": "electric_fa_no_ac",
        "backup_heat": "none",
        "ducts_30pct_unconditioned": "yes",
        "duct_type": "existing",
        "condition": "none",
        "house_pressure_pa": "50",
        "pre_cfm50": "400",
        "post_cfm50": "60",
        "meets_specification": "yes",
        "combustion_appliance": "no",
    }
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not None}
