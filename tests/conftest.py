"""Personas and shared fixtures.

Personas: ``technician`` (active in every certification, Columbia-like company),
``other_technician`` (another company), ``applicant`` (registered, nothing approved yet),
``staff`` (PTCS), ``energy_trust_staff``, ``utility_user`` (Benton REA),
``other_utility_user`` (Pacific Power), ``inspector``, ``trainer``, ``company_admin`` (office
staff of ``technician``'s company).
"""

import datetime
import os
import uuid
import zoneinfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils.functional import empty

from accounts.models import User
from jobs import reference
from registry.celery import app as celery_app
from registry.lib.storage import private_storage
from technicians.models import CertificationType
from tests import broker, clock
from tests.accounts.factories import UserFactory, UtilityFactory
from tests.citations import assert_readable
from tests.technicians.factories import CertificationFactory, TechnicianProfileFactory

#: The objects the permission matrix requests by URL (kept out of tests/test_permissions.py).
pytest_plugins = ["tests.permission_fixtures"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
# a thread with a running loop unless told this is safe (it is: tests are synchronous).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


#: The instant the run's clock was pinned at, if it was (for the report header).
_CLOCK = pytest.StashKey[datetime.datetime]()


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get(clock.ENV, ""),
        metavar="INSTANT",
        help="Start the run's clock at INSTANT and let it tick: 2026-12-02T07:30Z, or a time "
        f"of day in UTC such as 05:30Z (today). Default: ${clock.ENV}, else the real clock.",
    )


def pytest_configure(config):
    if value := config.getoption("--clock"):
        try:
            instant = clock.parse(value)
        except ValueError as exc:
            raise pytest.UsageError(f"--clock / {clock.ENV}: {exc}") from exc
        clock.pin(instant)
        config.stash[_CLOCK] = instant


def pytest_unconfigure(config):
    clock.unpin()


def pytest_report_header(config):
    from django.conf import settings

    instant = config.stash.get(_CLOCK, None)
    if instant is None:
        return f"clock: real (pin one with --clock or {clock.ENV})"
    return clock.describe(instant, zoneinfo.ZoneInfo(settings.TIME_ZONE))


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path, request):
    """Private uploads in a temporary folder, fresh throttle counters, and tasks run in-process
    (except in tests marked ``broker``, which talk to the real broker)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty  # the lazy storage re-reads the setting on next use
    cache.clear()
    reference.clear()  # rule sets read by an earlier test's (rolled back) transaction
    eager = request.node.get_closest_marker("broker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous
    private_storage._wrapped = empty
    # Every e-mail the suite sends names program documents as a person reads them.
    for message in getattr(mail, "outbox", []):
        bodies = [message.subject, message.body]
        bodies += [content for content, _ in getattr(message, "alternatives", [])]
        assert_readable("\n".join(str(b) for b in bodies), f"E-mail “{message.subject}”")


@pytest.fixture
def benton_rea(db):
    return UtilityFactory(name="Benton REA", zips=["99350", "99320"])


@pytest.fixture
def pacific_power(db):
    from utilities.models import Utility

    return UtilityFactory(
        name="Pacific Power",
        program_administrator=Utility.ProgramAdministrator.ENERGY_TRUST,
        zips=["97301"],
    )


@pytest.fixture
def technician(db):
    profile = TechnicianProfileFactory(user__username="tina-tech")
    for cert_type in CertificationType.values:
        CertificationFactory(technician=profile, cert_type=cert_type)
    return profile.user


@pytest.fixture
def other_technician(db):
    profile = TechnicianProfileFactory(user__username="oscar-othertech")
    CertificationFactory(technician=profile, cert_type=CertificationType.PTCS_DUCT_SEALING)
    return profile.user


@pytest.fixture
def applicant(db):
    return UserFactory(username="alex-applicant", first_name="Alex", last_name="Applicant")


@pytest.fixture
def staff(db):
    return UserFactory(username="sam-staff", role=User.Role.PTCS_STAFF)


@pytest.fixture
def energy_trust_staff(db):
    return UserFactory(username="ellis-energytrust", role=User.Role.PROGRAM_ADMIN)


@pytest.fixture
def utility_user(benton_rea):
    return UserFactory(username="uma-benton", role=User.Role.UTILITY, utility=benton_rea)


@pytest.fixture
def other_utility_user(pacific_power):
    return UserFactory(username="pete-pacific", role=User.Role.UTILITY, utility=pacific_power)


@pytest.fixture
def inspector(db):
    return UserFactory(username="ian-inspector", role=User.Role.QA_INSPECTOR, is_qa_inspector=True)


@pytest.fixture
def trainer(db):
    return UserFactory(username="tara-trainer", role=User.Role.TRAINER, is_trainer=True)


@pytest.fixture
def company_admin(technician):
    """Office staff administering the ``technician`` persona's company."""
    return UserFactory(
        username="cora-companyadmin",
        role=User.Role.COMPANY_ADMIN,
        administered_company=technician.technician.company,
    )


@pytest.fixture
def real_broker():
    """The real Celery broker (Redis in CI). Without CELERY_BROKER_URL the test is skipped on a
    developer machine, but fails under REGISTRY_REQUIRE_SERVICES=1 (set by .ci/run), so CI can
    never pass by silently skipping it."""
    from django.conf import settings

    url = settings.CELERY_BROKER_URL
    if not url:
        if os.environ.get("REGISTRY_REQUIRE_SERVICES") == "1":
            pytest.fail("REGISTRY_REQUIRE_SERVICES=1 but CELERY_BROKER_URL is not set.")
        pytest.skip("No CELERY_BROKER_URL: the real-broker test runs in CI (.ci/run).")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Celery broker {url} is configured but unreachable: {exc}")
    return url


@pytest.fixture
def unreachable_broker():
    """Tasks are published, not run in-process, to a broker that refuses connections (Redis
    down); with or without CELERY_BROKER_URL."""
    with broker.down():
        yield


@pytest.fixture
def private_queue(real_broker):
    """Route every task (the default, mail and bulk queues' alike) to a queue of this test
    only, so that no other worker on the same Redis takes them (and this test's worker takes
    no one else's)."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    previous = celery_app.conf.task_routes
    celery_app.conf.update(task_routes={"*": {"queue": name}})
    yield name
    # start_worker(queues=[name]) narrowed the app's queue selection: later embedded workers
    # must consume the default queue again. Fresh queues, then a router built on them.
    del celery_app.amqp.queues
    celery_app.conf.update(task_routes=previous)
    broker.drop_queue(name)
