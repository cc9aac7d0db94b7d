"""Reference data kept per process (jobs.reference): one query when nothing changed,
and every edit seen on the next evaluation, whichever process made it; the locked site
lookup of a completion (services.locked_site_for); the queries of one completion."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from jobs import facts, reference, services
from jobs.models import AhriRating, RingCalibration, RuleSetRecord, Site
from jobs.rules.ruleset import BUILTIN_RULESETS
from tests.jobs.factories import SiteFactory, ashp_payload
from utilities.models import ClimateZone

pytestmark = pytest.mark.django_db


def _ring(**overrides) -> RingCalibration:
    fields = {"equipment": "retrotec", "ring": "1", "c": 10.0, "n": 0.5, "source": "Manual"}
    return RingCalibration.objects.create(**(fields | overrides))


def test_unchanged_tables_cost_one_query(django_assert_num_queries):
    first = reference.current()

    with django_assert_num_queries(1):
        again = reference.current()

    assert again.rulesets is first.rulesets
    assert again.rulesets == BUILTIN_RULESETS


def test_a_threshold_saved_by_another_process_is_seen_without_clearing():
    reference.current()
    # What another worker's admin save writes; no signal reaches this process.
    record = RuleSetRecord.objects.get(key="ptcs-2019-10")
    values = record.values | {"max_balance_point_f": 34}
    later = timezone.now() + datetime.timedelta(seconds=1)
    RuleSetRecord.objects.filter(pk=record.pk).update(values=values, updated_at=later)

    (_, current) = facts.active_rulesets()

    assert current.max_balance_point_f == 34


def test_a_deactivated_or_deleted_rule_set_is_seen():
    assert len(reference.current().rulesets) == 2
    record = RuleSetRecord.objects.get(key="ptcs-2017")
    record.active = False
    record.save()

    assert [rs.key for rs in facts.active_rulesets()] == ["ptcs-2019-10"]

    RuleSetRecord.objects.all().delete()
    assert facts.active_rulesets() == BUILTIN_RULESETS


def test_added_changed_and_deleted_calibrations_are_seen():
    assert reference.current().calibrations == ()
    ring = _ring()
    assert [c.c for c in reference.current().calibrations] == [10.0]

    ring.c = 12.0
    ring.save()
    assert [c.c for c in reference.current().calibrations] == [12.0]

    ring.delete()
    _ring(ring="2", c=7.0)  # one deleted, one added: the same count
    assert [(c.ring, c.c) for c in reference.current().calibrations] == [("2", 7.0)]


def test_the_equipment_directory_is_consulted_once_it_has_rows():
    assert facts.ahri_known("201234567", directory=reference.current().ahri_directory) is None

    AhriRating.objects.create(ahri_number="201234567")
    directory = reference.current().ahri_directory

    assert directory is True
    assert facts.ahri_known("201234567", directory=directory) is True
    assert facts.ahri_known("209999999", directory=directory) is False


def test_the_zone_map_is_read_with_the_other_reference_data_and_edits_are_seen():
    assert reference.current().zones_of("99350") == (None, None)

    zone = ClimateZone.objects.create(zip_code="99350", heating_zone=1, cooling_zone=3)
    assert reference.current().zones_of("99350") == (1, 3)

    zone.heating_zone = 2  # a staff correction in the admin
    zone.save()
    assert reference.current().zones_of("99350") == (2, 3)

    zone.delete()
    ClimateZone.objects.create(zip_code="99320", heating_zone=1, cooling_zone=3)
    current = reference.current()
    assert (current.zones_of("99350"), current.zones_of("99320")) == ((None, None), (1, 3))
    assert current.zones_of("") == current.zones_of(None) == (None, None)


def test_the_evaluation_context_carries_the_sites_zones_or_its_unmapped_zip(technician):
    ClimateZone.objects.create(zip_code="99350", heating_zone=2, cooling_zone=3)
    mapped, unmapped = SiteFactory(zip_code="99350"), SiteFactory(zip_code="99336")

    in_map = facts.evaluation_context(technician.technician, mapped, None)
    not_in_map = facts.evaluation_context(technician.technician, unmapped, None)
    no_site = facts.evaluation_context(technician.technician, None, None)

    assert (in_map.heating_zone, in_map.cooling_zone, in_map.zip_code) == (2, 3, "99350")
    assert (not_in_map.heating_zone, not_in_map.cooling_zone) == (None, None)
    assert not_in_map.zip_code == "99336"
    assert (no_site.heating_zone, no_site.zip_code) == (None, "")


def test_an_edit_rolled_back_is_forgotten():
    with transaction.atomic():
        _ring()
        assert len(reference.current().calibrations) == 1
        transaction.set_rollback(True)

    assert reference.current().calibrations == ()


# --- The site of a completion ----------------------------------------------------------------

ADDRESS = {
    "street_address": "100 Main St",
    "street_address_2": "",
    "city": "Kennewick",
    "state": "WA",
    "zip_code": "99336",
}


def test_a_new_address_is_created_once_and_then_found():
    with transaction.atomic():
        site, created = services.locked_site_for(ADDRESS)
    with transaction.atomic():
        again, created_again = services.locked_site_for(
            {**ADDRESS, "street_address": "100 MAIN ST"}
        )

    assert (created, created_again) == (True, False)
    assert again.pk == site.pk
    assert Site.objects.count() == 1
    stored = Site.objects.get()
    assert (stored.street_address, stored.zip_code) == (site.street_address, "99336")
    assert stored.created_at == site.created_at is not None


def test_a_known_address_keeps_what_is_stored(technician):
    stored = SiteFactory(
        street_address="100 Main St",
        city="Kennewick",
        state="WA",
        zip_code="99336",
        normalized_key=services.parse_address(**ADDRESS).normalized_key,
        verified=True,
        verification_note="checked by staff",
    )

    with transaction.atomic():
        site, created = services.locked_site_for(ADDRESS)

    assert not created
    assert (site.pk, site.verification_note) == (stored.pk, "checked by staff")


def test_a_completion_at_a_new_address_makes_ten_queries_and_a_savepoint(
    technician, benton_rea, django_assert_num_queries
):
    services.job_submit(actor=technician, payload=ashp_payload(), action="complete")  # warm

    # Technician profile, utility, SAVEPOINT (the test's transaction; BEGIN otherwise), site
    # insert, reference fingerprint, certifications, their status changes, measure ID, job,
    # history row, status change, RELEASE (COMMIT). Was 19: get_or_create of the site and its
    # lock took four more, the other jobs at a new site one, the reference data two (three
    # queries, now one).
    with django_assert_num_queries(12):
        services.job_submit(
            actor=technician,
            payload=ashp_payload(street_address="200 Main St"),
            action="complete",
        )
