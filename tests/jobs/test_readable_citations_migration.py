"""The data migration that rewrites stored checks' sources as program documents by title."""

import importlib

import pytest

from jobs.rules import evaluate
from tests.citations import internal_citations
from tests.jobs.rules.builders import duct_job, passing_job

MIGRATION = importlib.import_module("jobs.migrations.0012_readable_citations")


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (
            {
                "rule": "hp.airflow_per_ton",
                "source": "PTCS ASHP Installation Specification §3 (seed 004 L413; form L231-238)",
            },
            "PTCS Air Source Heat Pump Installation Specification (2017), §3",
        ),
        (
            {
                "rule": "duct.pre_test_leakage",
                "source": "PTCS Duct Sealing Specification (1 Apr 2015) B.3.2 (seed 004 L465)",
            },
            "PTCS Duct Sealing Specification (2015), B.3.2",
        ),
        (
            {
                "rule": "duct.pre_test_leakage",
                "source": "PTCS Duct Sealing Specification (1 Apr 2015) B.2.2 (seed 004 L461)",
            },
            "PTCS Duct Sealing Specification (2015), B.2.2",
        ),
        (
            {"rule": "gshp.some_rule_of_the_past", "source": "Seed 003 §10.8.2.2 (L10177)"},
            "BPA Implementation Manual (2016–2017), §10.8.2.2",
        ),
    ],
)
def test_an_old_citation_becomes_the_documents_title_and_section(stored, expected):
    assert MIGRATION.readable(stored) == {**stored, "source": expected}


def test_a_readable_source_is_left_as_it_is():
    stored = {"rule": "hp.airflow_per_ton", "source": "A staff correction's own words"}

    assert MIGRATION.readable(stored) is stored


@pytest.mark.parametrize("measure", ["ashp", "gshp", "duct_sealing_ptcs"])
def test_the_frozen_sources_match_what_the_engine_writes_now(measure):
    """So a migrated job reads like one evaluated today."""
    facts = (
        duct_job(home_type="manufactured", manufactured_sections=2)
        if measure.startswith("duct")
        else passing_job(measure)
    )
    for check in evaluate(facts).checks:
        frozen = MIGRATION.MANUFACTURED.get(check.rule) if measure.startswith("duct") else None
        frozen = frozen or MIGRATION.SOURCES.get(check.rule)
        if check.rule == "hp.federal_minimum":
            continue  # now names the edition in force on the install date
        assert frozen == check.source, check.rule
        assert not internal_citations(frozen)
