"""Every state change of a job's entry: the form view, the API, the bulk upload, the HPXML
import and the management commands call these, and nothing else writes a job's data or status
(review decisions and staff corrections are in jobs.review.services, through the same
``evaluate_and_apply``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from jobs import equipment, facts, reference, selectors, tasks
from jobs.dictionary import fields as dd
from jobs.dictionary import inputs
from jobs.dictionary.address import parse_address
from jobs.models import (
    MEASURE_ID_OFFSET,
    AhriRating,
    Job,
    JobStatusChange,
    MeasureIdAllocation,
    Site,
)
from jobs.rules import Context, Decision, evaluate
from jobs.rules.types import HEAT_PUMPS, MeasureType
from technicians.models import TechnicianProfile
from utilities.models import Utility


class JobError(ValidationError):
    """Field errors (a dict) or a message explaining why a job cannot be saved/completed."""


def _allocate_measure_id() -> int:
    return MEASURE_ID_OFFSET + MeasureIdAllocation.objects.create().pk


def locked_site_for(site_fields: dict[str, str]) -> tuple[Site, bool]:
    """The site with this normalised address, locked until the transaction ends (call inside
    one), and whether it was created now. An address that does not parse is kept as typed and
    flagged (seed 000 FAQ L43-44). Every write of a job finds its site here, so two writes at
    one home are evaluated one after the other and the second sees the first.

    A new address (the usual case) costs one statement: INSERT ... ON CONFLICT DO NOTHING
    RETURNING id. The new row is invisible to other transactions until commit, and a
    concurrent insert of the same address waits on the unique index until then and finds it
    (PostgreSQL and SQLite ≥ 3.35 both support the statement). A known address inserts
    nothing, then SELECT ... FOR UPDATE. (get_or_create then select_for_update took five
    statements for a new site: SELECT, SAVEPOINT, INSERT, RELEASE, SELECT.)"""
    parsed = parse_address(**site_fields)
    site = Site(
        street_address=parsed.street_address,
        street_address_2=parsed.street_address_2,
        city=parsed.city,
        state=parsed.state,
        zip_code=parsed.zip_code,
        normalized_key=parsed.normalized_key,
        verified=parsed.verified,
        verification_note=parsed.saved_note,
    )
    fields = [f for f in Site._meta.concrete_fields if not f.primary_key]
    # pre_save sets created_at/updated_at as save() would.
    values = [f.get_db_prep_save(f.pre_save(site, add=True), connection) for f in fields]
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(Site._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608 - names from model meta, values bound
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({qn(Site._meta.get_field('normalized_key').column)}) DO NOTHING "
        f"RETURNING {qn(Site._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return Site.objects.select_for_update().get(normalized_key=parsed.normalized_key), False
    site.pk = row[0]
    site._state.adding = False
    site._state.db = connection.alias
    return site, True


def resolve_utility(name_or_id: str | None, zip_code: str, errors: dict) -> Utility | None:
    if not name_or_id:
        return None
    serving = selectors.utilities_serving(zip_code)
    # ASCII digits of a sane length only: int("²") raises, and a 30-digit pk overflows the column.
    is_pk = name_or_id.isascii() and name_or_id.isdigit() and len(name_or_id) <= 9
    lookup = {"pk": int(name_or_id)} if is_pk else {"name__iexact": name_or_id}
    utility = serving.filter(**lookup).first()
    if utility is None:
        names = ", ".join(serving.values_list("name", flat=True))
        hint = (
            f"Utilities serving it: {names}."
            if names
            else "No utility in the registry serves this ZIP yet; save the job in progress "
            "and contact the PTCS team."
        )
        errors["electric_utility"] = [f"That utility does not serve ZIP {zip_code[:5]}. {hint}"]
    return utility


def _technician(actor: User, tech_id: int | None, errors: dict) -> TechnicianProfile | None:
    """The installing technician: the actor themself, or the technician named by ``tech_id``
    when the actor may enter jobs for them (a company administrator for the company's
    technicians, PTCS staff for anyone; ``selectors.technicians_enterable_by``)."""
    allowed = selectors.technicians_enterable_by(actor)
    if tech_id is None:
        own = allowed.filter(user=actor).first()
        if own is None:
            if allowed.exists():
                errors["tech_id"] = ["Name the installing technician by their PTCS Technician ID."]
            else:
                errors["tech_id"] = [
                    "Only certified technicians with a PTCS Technician ID enter jobs."
                ]
        return own
    profile = allowed.filter(technician_id=tech_id).first()
    if profile is None:
        own = selectors.technician_for(actor)
        if (
            own is not None
            and own.technician_id is not None
            and not roles.has_role(actor, User.Role.COMPANY_ADMIN, User.Role.PTCS_STAFF)
        ):
            errors["tech_id"] = ["You can enter jobs only under your own PTCS Technician ID."]
        elif allowed.exists():
            errors["tech_id"] = [
                f"You cannot enter jobs for Technician ID {tech_id}: enter jobs only for the "
                "current technicians of your company."
            ]
        else:
            errors["tech_id"] = ["Only certified technicians with a PTCS Technician ID enter jobs."]
    return profile


def set_status(job: Job, status: str) -> None:
    """Change ``job.status`` (unsaved) and keep the review clock right: ``pending_since``
    starts when the job becomes BPA Pending and is cleared when it leaves."""
    if status == Job.Status.BPA_PENDING and job.status != Job.Status.BPA_PENDING:
        job.pending_since = timezone.now()
        job.overdue_flagged_at = None
    elif status != Job.Status.BPA_PENDING:
        job.pending_since = None
        job.overdue_flagged_at = None
        job.urgent_requested_at = None
    job.status = status


def ahri_number_of(parsed: inputs.JobInput) -> str | None:
    """The AHRI number typed for a heat pump measure (None for duct sealing)."""
    if parsed.measure_type is None or parsed.measure_type not in HEAT_PUMPS:
        return None
    number = parsed.facts.get("ahri_number")
    return str(number).strip() if number else None


def present_ids_of(parsed: inputs.JobInput) -> tuple[int, ...] | None:
    """The other technicians a ground source job names as present (None for other measures:
    only a ground source installation may rely on several technicians' certifications)."""
    if parsed.measure_type != MeasureType.GSHP:
        return None
    return dd.technician_ids(parsed.facts.get("technicians_present")) or ()


def _preview_technician(actor: User, tech_id: int | None) -> TechnicianProfile | None:
    """Whose certifications the preview checks: the technician named by ``tech_id`` when the
    actor may enter jobs for them (a company administrator's choice), else the actor's own
    profile. A technician the actor may not name previews as no one (the submit says why)."""
    if tech_id is None:
        return selectors.technician_for(actor)
    return selectors.technicians_enterable_by(actor).filter(technician_id=tech_id).first()


def preview(*, actor: User, payload: dict[str, Any]) -> tuple[inputs.JobInput, Decision | None]:
    """Evaluate a payload without saving anything: the live preview while typing."""
    parsed = inputs.parse(payload, completing=False, today=timezone.localdate())
    if parsed.measure_type is None:
        return parsed, None
    profile = _preview_technician(actor, parsed.tech_id)
    site = None
    if all(parsed.site.get(k) for k in ("street_address", "city", "state", "zip_code")):
        key = parse_address(**parsed.site)
        site = Site.objects.filter(normalized_key=key.normalized_key).first() or Site(
            verified=key.verified, zip_code=key.zip_code
        )
    ref = reference.current()  # once: the context and the rule sets read the same snapshot
    ahri_number = ahri_number_of(parsed)
    context = (
        facts.evaluation_context(
            profile,
            site,
            None,
            ahri_number=ahri_number,
            present_ids=present_ids_of(parsed),
            ref=ref,
        )
        if profile
        else Context(ahri_known=facts.ahri_known(ahri_number, directory=ref.ahri_directory))
    )
    # What is not typed yet is not answered yet: the checks reading it wait instead of failing.
    return parsed, evaluate(
        parsed.engine_facts(),
        context,
        rulesets=ref.rulesets,
        unanswered=parsed.questions_left,
        labels=inputs.LABELS,
    )


#: The columns an evaluation writes on a job (``evaluate_and_apply``, ``set_status``).
EVALUATED_FIELDS = [
    "site",
    "utility",
    "install_date",
    "data",
    "computed",
    "checks",
    "ruleset",
    "category",
    "status",
    "pending_since",
    "overdue_flagged_at",
    "urgent_requested_at",
    "updated_at",
]


def evaluate_and_apply(
    job: Job,
    parsed: inputs.JobInput,
    *,
    technician: TechnicianProfile,
    utility: Utility | None,
    site: Site,
    site_is_new: bool = False,
    completing: bool = True,
) -> Decision:
    """The one place a job's data meets the engine: evaluate ``parsed`` for ``technician`` at
    ``site`` against the rule set of the install date, and write the data, the computed
    values, the checks and the status onto ``job`` (unsaved). Entry, completion, staff
    correction, bulk upload and HPXML import all come through here.

    A job is completed only for a measure its technician was certified for on the install
    date (spec §2): a blocking check raises JobError, and nothing is written. Save Progress
    keeps what was typed with the failing check on the job, so nothing is lost and staff can
    see why it is stuck."""
    ref = reference.current()  # once: the context and the rule sets read the same snapshot
    context = facts.evaluation_context(
        technician,
        site,
        utility,
        job.pk,
        ahri_number=ahri_number_of(parsed),
        site_is_new=site_is_new,
        present_ids=present_ids_of(parsed),
        ref=ref,
    )
    # Save Progress keeps the checks of the questions not answered yet as "not answered yet";
    # Complete has every answer (the parser requires them), so its checks pass or fail.
    decision = evaluate(
        parsed.engine_facts(),
        context,
        rulesets=ref.rulesets,
        in_progress=not completing,
        unanswered=() if completing else parsed.questions_left,
        labels=inputs.LABELS,
    )
    if completing and decision.blocking:
        raise JobError({"tech_id": [c.message for c in decision.blocking]})
    job.site = site
    job.utility = utility
    job.install_date = parsed.install_date
    job.data = json_ready(parsed.facts)
    job.computed = json_ready(decision.computed)
    job.checks = [c.as_dict() for c in decision.checks]
    job.ruleset = decision.ruleset
    job.category = decision.category or ""
    set_status(job, decision.status)
    return decision


def _parse_entry(
    actor: User, payload: dict[str, Any], *, job: Job | None, completing: bool, strict: bool
) -> tuple[inputs.JobInput, TechnicianProfile | None, Utility | None]:
    """Read a payload as an entry by ``actor``: the values, the installing technician and the
    utility; JobError with every field error found, before anything is written."""
    parsed = inputs.parse(payload, completing=completing, today=timezone.localdate(), strict=strict)
    errors = dict(parsed.errors)
    profile = _technician(actor, parsed.tech_id, errors)
    if job is not None:
        if job.status != Job.Status.IN_PROGRESS:
            raise JobError("Only an In Progress job can be saved or completed again.")
        if (
            profile is None
            or job.technician_id != profile.pk
            or not selectors.may_continue(actor, job)
        ):
            # Seed 000 L28: only the installing technician completes a job.
            raise JobError(
                "Only the installing technician (or their company's administrator) can complete "
                "this job."
            )
        if parsed.measure_type is not None and parsed.measure_type != job.measure_type:
            errors["measure_type"] = ["The measure type of a saved job cannot change."]
    utility = utility_of(parsed, errors)
    present = present_ids_of(parsed)
    if completing and present and "technicians_present" not in errors:
        unknown = selectors.unknown_technician_ids(present)
        if unknown:
            errors["technicians_present"] = [
                f"No technician in the registry has Technician ID {', '.join(map(str, unknown))}."
            ]
    if errors:
        raise JobError(errors)
    return parsed, profile, utility


def utility_of(parsed: inputs.JobInput, errors: dict) -> Utility | None:
    """The utility named for the site, checked against the ZIP code it must serve; a problem
    goes into ``errors`` (not asked when the ZIP code or the name already has one)."""
    if "zip_code" in errors or "electric_utility" in errors:
        return None
    return resolve_utility(parsed.electric_utility, parsed.site["zip_code"], errors)


def _enter(
    *,
    actor: User,
    payload: dict[str, Any],
    job: Job | None,
    completing: bool,
    strict: bool,
) -> Job:
    """Create a job, or save or complete an In Progress one: the write behind
    ``job_save_progress`` and ``job_complete``."""
    parsed, profile, utility = _parse_entry(
        actor, payload, job=job, completing=completing, strict=strict
    )
    with transaction.atomic():
        site, site_is_new = locked_site_for(parsed.site)
        if job is not None:
            job = Job.objects.select_for_update().get(pk=job.pk)
            if job.status != Job.Status.IN_PROGRESS:  # completed meanwhile in another tab
                raise JobError("This job was already completed.")
        is_new = job is None
        previous = "" if is_new else job.status
        job = job or Job(measure_id=_allocate_measure_id(), entered_by=actor)
        job.measure_type = parsed.measure_type
        job.technician = profile
        job.company = profile.company
        evaluate_and_apply(
            job,
            parsed,
            technician=profile,
            utility=utility,
            site=site,
            site_is_new=site_is_new,
            completing=completing,
        )
        job.completed_at = timezone.now() if completing else None
        if is_new:
            job.save()
        else:
            job.save(
                update_fields=[
                    *EVALUATED_FIELDS,
                    "measure_type",
                    "technician",
                    "company",
                    "completed_at",
                ]
            )
        if is_new or previous != job.status:
            JobStatusChange.record(job, from_status=previous, actor=actor)
        if completing:
            # Whatever the status, the utility sees all completed work in its territory (seed
            # 000 L10). Queued after commit so the worker finds the job; robust: the job is
            # already committed, so a failed notice is logged and the job still counts as
            # completed (it stays unclaimed, utility_notified_at NULL, and the sweep sends it).
            transaction.on_commit(partial(_queue_job_notice, job.pk), robust=True)
    return job


def _queue_job_notice(job_id: int) -> None:
    tasks.send_job_notice.delay(job_id)


def job_save_progress(
    *, actor: User, payload: dict[str, Any], job: Job | None = None, strict: bool = False
) -> Job:
    """Save a job In Progress ("Save Progress"): partial data is accepted and kept, with the
    checks so far. Creates the job (a new measure ID) or updates ``job``, an In Progress job
    the actor may continue. Raises JobError with field errors; nothing is written then."""
    return _enter(actor=actor, payload=payload, job=job, completing=False, strict=strict)


def job_complete(
    *,
    actor: User,
    payload: dict[str, Any] | None = None,
    measure_id: int | None = None,
    job: Job | None = None,
    strict: bool = False,
) -> Job:
    """Complete a job: a new one from ``payload``, or the In Progress job ``measure_id``
    ("Complete Job", seed 000 L28) with the changes in ``payload``. Every required field; the
    status and its checks come from the engine. Queues, on commit, the one-time e-mail to the
    utility's contact (``tasks.send_job_notice``).

    ``strict`` (API, bulk upload): unknown keys in ``payload`` are field errors. Raises
    Http404 when the actor may not change job ``measure_id``, JobError otherwise (nothing
    written)."""
    if measure_id is not None:
        job = selectors.get_job_for_user(actor, measure_id, write=True)
        payload = {**job_payload(job), **(payload or {})}
    return _enter(actor=actor, payload=payload or {}, job=job, completing=True, strict=strict)


def job_submit(
    *,
    actor: User,
    payload: dict[str, Any],
    action: str,
    job: Job | None = None,
    strict: bool = False,
) -> Job:
    """``job_save_progress`` or ``job_complete`` by ``action`` (``save_progress`` or
    ``complete``), for the interfaces that carry the action as data: the entry form's two
    buttons, the API's ``action`` field, a bulk upload row and an HPXML import."""
    if action == "save_progress":
        return job_save_progress(actor=actor, payload=payload, job=job, strict=strict)
    if action == "complete":
        return job_complete(actor=actor, payload=payload, job=job, strict=strict)
    raise JobError({"action": ["Use save_progress or complete."]})


def job_payload(job: Job) -> dict[str, Any]:
    """A job as the flat payload its form and the API use (the data dictionary's names)."""
    return {
        "measure_type": job.measure_type,
        "tech_id": job.technician.technician_id,
        "install_date": job.install_date.isoformat() if job.install_date else "",
        "electric_utility": job.utility.name if job.utility_id else "",
        "street_address": job.site.street_address,
        "street_address_2": job.site.street_address_2,
        "city": job.site.city,
        "state": job.site.state,
        "zip_code": job.site.zip_code,
        **job.data,
    }


def json_ready(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, float):
            value = round(value, 6)
        out[key] = value
    return out


@dataclass(frozen=True)
class AhriImportResult:
    created: int
    updated: int


def ahri_import(*, records: Sequence[equipment.AhriRecord], source: str) -> AhriImportResult:
    """Write validated equipment directory rows (``jobs.equipment.parse_ahri_rows``): one
    transaction, each AHRI number created or updated in place, so re-importing a file
    changes nothing but ``imported_at``."""
    created = 0
    now = timezone.now()
    with transaction.atomic():
        for record in records:
            _, was_created = AhriRating.objects.update_or_create(
                ahri_number=record.ahri_number,
                defaults={**record.defaults(), "source": source[:200], "imported_at": now},
            )
            created += was_created
    return AhriImportResult(created=created, updated=len(records) - created)
