"""The data migration that merges the sites of one home typed with a numbered street in words
and in figures ("7917 SIXTH ST", "7917 6TH ST"), keeping every job and its history."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from jobs import services
from jobs.dictionary import address
from jobs.models import Job, JobStatusChange, Site
from tests.jobs.factories import JobFactory, SiteFactory, ashp_payload

MIGRATION = importlib.import_module("jobs.migrations.0016_merge_numbered_street_sites")

TYPED = [
    ("7917 Sixth St", "", "Prosser", "WA", "99350"),
    ("7917 6th St", "", "Prosser", "WA", "99350"),
    ("7917 North Sixth Street", "Apt 4", "Prosser", "WA", "99350"),
    ("7917 N. 6th St. #4", "", "Prosser", "WA", "99350"),
    ("7917 Twenty-First Ave NE", "", "Prosser", "WA", "99350-1234"),
    ("7917 twenty first avenue northeast", "", "prosser", "wa", "99350"),
    ("100 One Hundredth St", "", "Prosser", "WA", "99350"),
    ("12 Ninety-Ninth Pl", "Lot 3", "Prosser", "WA", "99350"),
    ("12 Firstview Dr", "", "Prosser", "WA", "99350"),
    ("12 Second Creek Rd", "", "Prosser", "WA", "99350"),
    ("1200 1/2 N Meade Ave", "", "Prosser", "WA", "99350"),
    ("1200 Highway 12", "", "Prosser", "WA", "99350"),
    ("Lot 12 Sunny Acres", "", "Prosser", "WA", "99350"),
    ("7917 Sixth St", "", "Prosser", "XX", "99350"),
]


# --- The frozen normalisation ----------------------------------------------------------------


@pytest.mark.parametrize("typed", TYPED)
def test_the_frozen_key_is_the_registrys_key_today(typed):
    """So a merged site is found by the next job typed at it."""
    assert MIGRATION.site_key(*typed) == address.parse_address(*typed).normalized_key


def test_the_frozen_ordinal_words_are_the_registrys():
    assert MIGRATION.ORDINAL_WORDS == address.ORDINAL_WORDS


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("7917 Sixth St", "7917 SIXTH ST||99350"),
        ("7917 North Twenty-First Street", "7917 N TWENTY-FIRST ST||99350"),
        ("7917 6th St", "7917 6TH ST||99350"),
    ],
)
def test_without_ordinals_the_frozen_key_is_the_key_of_before(typed, key):
    assert MIGRATION.site_key(typed, "", "Prosser", "WA", "99350", ordinals=False) == key


def test_every_address_the_rule_changes_is_looked_at():
    words = [f"1 {word} ST" for word in MIGRATION.ORDINAL_WORDS]
    figures = ["1 6TH ST", "1 6 TH ST", "1 06TH ST", "1 6TH. ST", "1 6-TH ST", "1 21ST AVE"]
    for street in words + figures:
        assert MIGRATION.MAY_CHANGE.search(street), street
    assert not MIGRATION.MAY_CHANGE.search("1200 N MEADE AVE")


# --- The merge, on the database --------------------------------------------------------------


def _site(street, zip_code="99350", **fields):
    """A site as the registry made it before: keyed without reading ordinals."""
    key = MIGRATION.site_key(street, "", "PROSSER", "WA", zip_code, ordinals=False)
    return SiteFactory(street_address=street, zip_code=zip_code, normalized_key=key, **fields)


def _job(site, status=Job.Status.BPA_APPROVED):
    job = JobFactory(site=site, status=status)
    JobStatusChange.objects.create(
        job=job, from_status="", to_status=status, actor=job.entered_by, ruleset="ptcs-2019-10"
    )
    return job


@pytest.fixture
def homes(db):
    """Three sites of one home on Sixth St (the oldest in words), two of one home on First Ave
    (the oldest in figures), one numbered street alone, and sites the rule leaves alone."""
    sixth = _site("7917 SIXTH ST")
    sixth_figures = _site("7917 6TH ST", verification_note="Checked with the county.")
    sixth_spaced = _site("7917 6 TH ST")
    first_figures = _site("12 1ST AVE")
    first_words = _site("12 FIRST AVE")
    alone = _site("88 TWENTY-FIRST PL")
    firstview = _site("7917 FIRSTVIEW DR")
    other_zip = _site("7917 6TH ST", zip_code="99336")
    unverified = SiteFactory(
        street_address="7917 Sixth St",
        state="XX",
        normalized_key="U|7917 SIXTH ST||PROSSER|XX|99350",
        verified=False,
    )
    # A key the stored address does not give back: how it was made is not known.
    unknown = SiteFactory(street_address="7917 SEVENTH ST", normalized_key="7917 7TH ST (old)")
    jobs = {
        "sixth": _job(sixth),
        "sixth_figures": _job(sixth_figures),
        "sixth_spaced": _job(sixth_spaced, Job.Status.BPA_PENDING),
        "first_figures": _job(first_figures),
        "first_words": _job(first_words),
    }
    jobs["sixth_figures"].status = Job.Status.REJECTED  # a second version in its history
    jobs["sixth_figures"].save()
    return {
        "sixth": sixth,
        "sixth_figures": sixth_figures,
        "sixth_spaced": sixth_spaced,
        "first_figures": first_figures,
        "first_words": first_words,
        "alone": alone,
        "firstview": firstview,
        "other_zip": other_zip,
        "unverified": unverified,
        "unknown": unknown,
        "jobs": jobs,
    }


def _keys():
    return dict(Site.objects.values_list("pk", "normalized_key"))


def test_duplicates_merge_into_the_oldest_site_with_every_job_and_its_history(homes):
    jobs = homes["jobs"]
    changes = dict(JobStatusChange.objects.values_list("pk", "job_id"))
    versions = Job.history.count()

    MIGRATION.merge_sites(django_apps, None)

    sixth = Site.objects.get(pk=homes["sixth"].pk)
    assert sixth.normalized_key == "7917 6TH ST||99350"
    assert sixth.street_address == "7917 SIXTH ST"  # as first typed
    assert sixth.verification_note == "Checked with the county."
    assert not Site.objects.filter(
        pk__in=[homes["sixth_figures"].pk, homes["sixth_spaced"].pk, homes["first_words"].pk]
    ).exists()
    for name in ("sixth", "sixth_figures", "sixth_spaced"):
        assert Job.objects.get(pk=jobs[name].pk).site_id == sixth.pk
    for name in ("first_figures", "first_words"):
        assert Job.objects.get(pk=jobs[name].pk).site_id == homes["first_figures"].pk
    # Jobs keep their measure IDs, statuses, status changes and versions.
    assert Job.objects.count() == 5
    assert Job.objects.get(pk=jobs["sixth_spaced"].pk).status == Job.Status.BPA_PENDING
    assert dict(JobStatusChange.objects.values_list("pk", "job_id")) == changes
    assert Job.history.count() == versions
    gone = {homes[n].pk for n in ("sixth_figures", "sixth_spaced", "first_words")}
    assert not Job.history.filter(site_id__in=gone).exists()
    assert set(
        Job.history.filter(id=jobs["sixth_figures"].pk).values_list("site_id", flat=True)
    ) == {sixth.pk}


def test_a_lone_numbered_street_takes_the_new_key_and_the_rest_keep_theirs(homes):
    before = _keys()

    MIGRATION.merge_sites(django_apps, None)

    after = _keys()
    assert after[homes["alone"].pk] == "88 21ST PL||99350"
    assert after[homes["first_figures"].pk] == "12 1ST AVE||99350"
    for name in ("firstview", "other_zip", "unverified", "unknown"):
        assert after[homes[name].pk] == before[homes[name].pk], name
    assert Site.objects.count() == 7


def test_running_it_again_changes_nothing(homes):
    MIGRATION.merge_sites(django_apps, None)
    keys, jobs = _keys(), list(Job.objects.values_list("pk", "site_id"))

    MIGRATION.merge_sites(django_apps, None)

    assert _keys() == keys
    assert list(Job.objects.values_list("pk", "site_id")) == jobs


def test_in_the_migrations_own_state_it_finds_the_jobs_and_their_history(homes):
    state = MigrationLoader(connection).project_state(
        ("jobs", "0016_merge_numbered_street_sites"), at_end=False
    )
    Site_ = state.apps.get_model("jobs", "Site")

    references = MIGRATION.site_references(state.apps, Site_)

    assert {(m._meta.model_name, column) for m, column in references} == {
        ("job", "site_id"),
        ("historicaljob", "site_id"),
    }
    MIGRATION.merge_sites(state.apps, None)
    assert Job.objects.get(pk=homes["jobs"]["sixth_spaced"].pk).site_id == homes["sixth"].pk


def test_after_the_merge_a_second_heat_pump_typed_either_way_goes_to_review(
    homes, technician, benton_rea
):
    MIGRATION.merge_sites(django_apps, None)

    job = services.job_submit(
        actor=technician, payload=ashp_payload(street_address="7917 6th St"), action="complete"
    )

    assert job.site_id == homes["sixth"].pk
    assert job.status == Job.Status.BPA_PENDING
    assert {c["rule"] for c in job.failed_checks} == {"site.one_measure_per_family"}
