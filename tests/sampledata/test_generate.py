"""generate_jobs (sampledata.generate): realistic rows, IDs from the real sequences, idempotent."""

from django.core.management import call_command
from django.db.models import Count

from jobs import services
from jobs.models import MEASURE_ID_OFFSET, Job, JobStatusChange, MeasureIdAllocation, Site
from sampledata.generate import PREFIX, ensure_population, generate_jobs


def _generate(count: int = 300) -> None:
    population = ensure_population(utilities=2, technicians=4)
    generate_jobs(count, population=population, seed=1, batch_size=120)


def test_generated_jobs_cover_every_measure_type_and_status_consistently(db):
    _generate()
    assert Job.objects.count() == 300
    assert set(Job.objects.values_list("measure_type", flat=True)) == set(Job.MeasureType.values)
    statuses = dict(Job.objects.values_list("status").annotate(n=Count("id")))
    assert {"in_progress", "bpa_approved", "bpa_pending", "rejected"} <= set(statuses)
    # completed_at iff not In Progress (the check constraint held on insert, and the data agrees).
    assert not Job.objects.filter(status="in_progress", completed_at__isnull=False).exists()
    assert not Job.objects.exclude(status="in_progress").filter(completed_at__isnull=True).exists()
    # One status change per job, to the job's status, by its technician.
    assert JobStatusChange.objects.count() == 300
    change = JobStatusChange.objects.select_related("job__technician").first()
    assert change.to_status == change.job.status
    assert change.actor_id == change.job.technician.user_id
    # Checks and status agree: a rejected job has a failing check with a rejecting effect.
    rejected = Job.objects.filter(status="rejected").first()
    assert any(c["effect"] == "rejected" and not c["passed"] for c in rejected.checks)
    assert Site.objects.filter(normalized_key__contains="||").count() == Site.objects.count()
    # A job typed at a generated address finds its site ("SIXTH ST" is keyed "6TH ST").
    for site in Site.objects.all():
        fields = [site.street_address, "", site.city, site.state, site.zip_code]
        assert services.parse_address(*fields).normalized_key == site.normalized_key


def test_later_measure_ids_and_keys_never_collide_with_generated_ones(db):
    _generate(150)
    highest = max(Job.objects.values_list("measure_id", flat=True))
    assert MEASURE_ID_OFFSET + MeasureIdAllocation.objects.create().pk > highest
    assert Job.objects.filter(measure_id__gt=highest).count() == 0
    job = Job.objects.order_by("pk").first()
    # An ordinary insert after the bulk one gets a fresh primary key (the sequence moved on).
    copy = Job.objects.get(pk=job.pk)
    copy.pk = None
    copy.measure_id = services._allocate_measure_id()
    copy.save()
    assert copy.pk > max(Job.objects.exclude(pk=copy.pk).values_list("pk", flat=True))


def test_command_refuses_to_add_twice_without_the_flag(db):
    call_command("generate_jobs", 50, "--utilities", "2", "--technicians", "2")
    call_command("generate_jobs", 50, "--utilities", "2", "--technicians", "2")
    assert Job.objects.count() == 50
    call_command("generate_jobs", 30, "--utilities", "2", "--technicians", "2", "--add")
    assert Job.objects.count() == 80
    assert (
        Job.objects.filter(technician__user__username__startswith=f"{PREFIX}-tech-").count() == 80
    )
