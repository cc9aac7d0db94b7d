"""The load-test data (sampledata.load_data, ``manage.py seed_load``) on a tiny scale."""

import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from accounts.models import User
from jobs.models import Job, JobStatusChange
from sampledata.load_data import JOB_MIX, seed_load
from technicians.models import Certification, CertificationType

pytestmark = pytest.mark.django_db


def load_jobs():
    return Job.objects.filter(technician__user__username__startswith="load-")


def test_seed_load_makes_accounts_tokens_and_jobs_through_the_service(tmp_path):
    out = tmp_path / "accounts.json"
    call_command(
        "seed_load",
        technicians=3,
        utility_users=2,
        staff=1,
        jobs=len(JOB_MIX),
        accounts_file=str(out),
    )
    data = json.loads(out.read_text())

    techs = User.objects.filter(username__startswith="load-tech-", role=User.Role.TECHNICIAN)
    assert techs.count() == 3
    assert Certification.objects.filter(
        technician__user__in=techs, status=Certification.Status.ACTIVE
    ).count() == 3 * len(CertificationType.values)
    assert [t["token"] for t in data["technicians"]] == [
        Token.objects.get(user__username=t["username"]).key for t in data["technicians"]
    ]
    assert (
        User.objects.filter(username__startswith="load-utility-", utility__isnull=False).count()
        == 2
    )
    assert User.objects.filter(username="load-staff-1", role=User.Role.PTCS_STAFF).exists()

    jobs = load_jobs()
    assert jobs.count() == len(JOB_MIX) == data["jobs"]
    # Through job_submit: a status row each, and the mix's statuses (GSHP pending, duct
    # jobs saved after the pre-test In Progress, the rest completed).
    assert JobStatusChange.objects.filter(job__in=jobs).count() == len(JOB_MIX)
    assert jobs.filter(status=Job.Status.IN_PROGRESS).count() == JOB_MIX.count("duct_start")
    assert jobs.filter(status=Job.Status.BPA_PENDING).count() == JOB_MIX.count("gshp")
    assert jobs.values("site").distinct().count() == len(JOB_MIX)  # one job per home
    # Seeded notices count as sent: no e-mail, no PDF per job.
    assert (
        not jobs.exclude(status=Job.Status.IN_PROGRESS)
        .filter(utility_notified_at__isnull=True)
        .exists()
    )
    assert set(data["payloads"]) == {"ashp", "duct", "gshp", "duct_start"}


def test_seed_load_tops_up_instead_of_duplicating():
    seed_load(technicians=2, utility_users=1, staff=1, jobs=4)
    tokens = set(Token.objects.values_list("key", flat=True))

    data = seed_load(technicians=2, utility_users=1, staff=1, jobs=6)

    assert (data["jobs_created"], load_jobs().count()) == (2, 6)
    assert User.objects.filter(username__startswith="load-").count() == 4
    assert set(Token.objects.values_list("key", flat=True)) == tokens


def test_seed_load_needs_a_technician():
    with pytest.raises(CommandError, match="at least one technician"):
        call_command("seed_load", technicians=0, jobs=1)
