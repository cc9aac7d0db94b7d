"""Every state change of applications and certifications.

Form views, the API, tasks and commands call these functions and nothing else writes
these models' status fields, so a decision is checked and recorded the same way whichever
page or command made it.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone

from accounts import roles
from accounts.models import User
from registry.lib.outbox import queue_on_commit
from technicians import tasks
from technicians.models import (
    Application,
    Certification,
    CertificationStatusChange,
    CertificationType,
    Company,
    CompanyInvitation,
    CompanyMembership,
    TechnicianIdAllocation,
    TechnicianProfile,
)
from technicians.validators import validate_proof_file


class ApplicationError(ValidationError):
    """A user-facing reason why an application cannot be submitted or decided."""


def application_submit(*, actor: User, kind: str, data: dict, proof) -> Application:
    """Record an application with its proof of training.

    Preconditions: the actor is a participant (technician, inspector or trainer account) with
    no other pending application of the same kind; a technician application seeks at least
    one certification; the alternative path names the certification held; the proof is a
    PDF/PNG/JPEG within the size limit.
    Side effects: certifications sought and not yet held appear with status "applied".
    Raises ApplicationError (field errors) otherwise; nothing is written then.
    """
    if not roles.can_apply(actor):
        raise ApplicationError("Only technician, inspector and trainer accounts apply.")
    errors: dict[str, list[str]] = {}
    sought = list(dict.fromkeys(data.get("certifications_sought") or []))
    valid_types = set(CertificationType.values)
    if kind == Application.Kind.TECHNICIAN:
        if not sought:
            errors["certifications_sought"] = ["Choose at least one certification."]
        elif not set(sought) <= valid_types:
            errors["certifications_sought"] = ["Unknown certification type."]
    else:
        sought = []
    if (
        data.get("training_path") == Application.TrainingPath.ALTERNATIVE
        and not (data.get("alternative_certification") or "").strip()
    ):
        errors["alternative_certification"] = [
            "Name the approved alternative industry certification you hold."
        ]
    try:
        content_type = validate_proof_file(proof)
    except ValidationError as exc:
        errors["proof_of_training"] = exc.messages
    if Application.objects.filter(
        applicant=actor, kind=kind, status=Application.Status.PENDING
    ).exists():
        errors.setdefault("__all__", []).append(
            "You already have an application of this kind waiting for review."
        )
    if errors:
        raise ApplicationError(errors)

    fields = {
        name: data.get(name, "")
        for name in (
            "company_name",
            "company_license_number",
            "company_street_address",
            "company_city",
            "company_zip_code",
            "company_phone",
            "training_path",
            "training_provider",
            "alternative_certification",
            "explanation",
        )
    }
    fields["company_state"] = (data.get("company_state") or "").upper()
    with transaction.atomic():
        application = Application(
            kind=kind,
            applicant=actor,
            certifications_sought=sought,
            training_date=data["training_date"],
            proof_original_name=proof.name[:255],
            proof_content_type=content_type,
            proof_size=proof.size,
            **fields,
        )
        application.proof_of_training.save(proof.name, proof, save=False)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            application.proof_of_training.delete(save=False)
            raise ApplicationError(
                "You already have an application of this kind waiting for review."
            ) from None
        if sought:
            profile, _ = TechnicianProfile.objects.get_or_create(user=actor)
            for cert_type in sought:
                cert, created = Certification.objects.get_or_create(
                    technician=profile, cert_type=cert_type
                )
                if created:
                    CertificationStatusChange.record(
                        cert, from_status="", actor=actor, application=application
                    )
    return application


def _allocate_technician_id() -> int:
    return TechnicianProfile.ID_OFFSET + TechnicianIdAllocation.objects.create().pk


def _lock_pending(application_id: int) -> Application:
    # Row lock: two reviewers deciding the same application at once decide it once.
    application = (
        Application.objects.select_for_update().select_related("applicant").get(pk=application_id)
    )
    if application.status != Application.Status.PENDING:
        raise ApplicationError(
            f"This application was already {application.get_status_display().lower()}."
        )
    return application


def _move_to_company(
    profile: TechnicianProfile,
    company: Company | None,
    today,
    *,
    actor: User,
    reason: str,
    application: Application | None = None,
    invitation=None,
) -> None:
    """Change the technician's company (seed 001 FAQ): close the current membership
    and keep it as history, open a new one (none when ``company`` is None: removed). Past
    jobs keep the company they were done for (``Job.company``)."""
    CompanyMembership.objects.filter(technician=profile, ended_on__isnull=True).update(
        ended_on=today, ended_by=actor, end_reason=reason[:200]
    )
    if company is not None:
        CompanyMembership.objects.create(
            technician=profile,
            company=company,
            started_on=today,
            application=application,
            invitation=invitation,
        )
    profile.company = company
    profile.save(update_fields=["company", "updated_at"])


def _join_company(profile: TechnicianProfile, application: Application, today) -> None:
    license_number = application.company_license_number.strip()
    company = Company.objects.filter(license_number__iexact=license_number).first()
    if company is None:
        company = Company.objects.create(
            name=application.company_name,
            license_number=license_number,
            street_address=application.company_street_address,
            city=application.company_city,
            state=application.company_state,
            zip_code=application.company_zip_code,
            phone=application.company_phone,
        )
    if profile.company_id == company.pk:
        return
    _move_to_company(
        profile,
        company,
        today,
        actor=application.applicant,
        reason=f"Joined {company.name} (application #{application.pk}).",
        application=application,
    )


def application_approve(*, application_id: int, actor: User) -> Application:
    """Approve a pending application.

    Technician applications: the applicant's company is found by license number (or created),
    the company history updated, a PTCS Technician ID assigned if the technician has none,
    and every certification sought becomes active from today. Inspector and trainer
    applications grant that role. The decision is e-mailed after commit.
    Raises ApplicationError if the actor may not decide or the application is not pending.
    """
    if not roles.can_review_applications(actor):
        raise ApplicationError("Only PTCS staff decide applications.")
    today = timezone.localdate()
    with transaction.atomic():
        application = _lock_pending(application_id)
        applicant = application.applicant
        if application.kind == Application.Kind.TECHNICIAN:
            profile, _ = TechnicianProfile.objects.select_for_update().get_or_create(user=applicant)
            if profile.technician_id is None:
                profile.technician_id = _allocate_technician_id()
                profile.save(update_fields=["technician_id", "updated_at"])
            _join_company(profile, application, today)
            for cert_type in application.certifications_sought:
                cert, _ = Certification.objects.get_or_create(
                    technician=profile, cert_type=cert_type
                )
                if cert.status == Certification.Status.ACTIVE:
                    continue
                previous = cert.status
                cert.status = Certification.Status.ACTIVE
                cert.effective_date = today
                cert.save(update_fields=["status", "effective_date", "updated_at"])
                CertificationStatusChange.record(
                    cert,
                    from_status=previous,
                    actor=actor,
                    application=application,
                    reason="Application approved.",
                )
        elif application.kind == Application.Kind.QA_INSPECTOR:
            applicant.is_qa_inspector = True
            applicant.save(update_fields=["is_qa_inspector"])
        elif application.kind == Application.Kind.TRAINER:
            applicant.is_trainer = True
            applicant.save(update_fields=["is_trainer"])

        application.status = Application.Status.APPROVED
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        queue_on_commit(tasks.send_application_decision_email, application.pk)
    return application


def application_reject(*, application_id: int, actor: User, reason: str) -> Application:
    """Reject a pending application with a reason the applicant will read.

    Certifications that existed only because of this application (status "applied") are
    removed; the application itself keeps what was sought and why it was refused.
    """
    if not roles.can_review_applications(actor):
        raise ApplicationError("Only PTCS staff decide applications.")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError({"reason": ["Give the applicant a reason for the rejection."]})
    with transaction.atomic():
        application = _lock_pending(application_id)
        if application.certifications_sought:
            Certification.objects.filter(
                technician__user=application.applicant,
                cert_type__in=application.certifications_sought,
                status=Certification.Status.APPLIED,
            ).delete()
        application.status = Application.Status.REJECTED
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.decision_reason = reason
        application.save(
            update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
        )
        queue_on_commit(tasks.send_application_decision_email, application.pk)
    return application


def certification_set_status(
    *, actor: User, profile_id: int, cert_type: str, status: str, reason: str
) -> Certification:
    """Suspend, revoke or reinstate a technician's certification (spec §2), with a reason.

    A suspended certification stops new job completion for that measure from the day it is
    suspended (jobs.facts.certification_facts ends the active period the day before).
    Only PTCS staff; reason required; a status row records who, when and why.
    """
    if not roles.can_review_applications(actor):
        raise ApplicationError("Only PTCS staff change certifications.")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError({"reason": ["Give a reason; the technician will read it."]})
    allowed = {
        Certification.Status.SUSPENDED,
        Certification.Status.REVOKED,
        Certification.Status.ACTIVE,
    }
    if status not in allowed:
        raise ApplicationError({"status": ["Choose suspended, revoked or active."]})
    with transaction.atomic():
        cert = Certification.objects.select_for_update().get(
            technician_id=profile_id, cert_type=cert_type
        )
        if cert.status == status:
            raise ApplicationError(f"The certification is already {cert.get_status_display()}.")
        previous = cert.status
        cert.status = status
        if status == Certification.Status.ACTIVE and cert.effective_date is None:
            cert.effective_date = timezone.localdate()
        cert.save(update_fields=["status", "effective_date", "updated_at"])
        CertificationStatusChange.record(cert, from_status=previous, actor=actor, reason=reason)
    return cert


# --- Company administrators ------------------------------------------------------------------


class CompanyError(ValidationError):
    """A user-facing reason why a company administrator's or an invitee's action failed."""


def _administered_company(actor: User) -> Company:
    if not roles.has_role(actor, User.Role.COMPANY_ADMIN) or not actor.administered_company_id:
        raise CompanyError("Only company administrators manage a company's technicians.")
    return actor.administered_company


def invitation_create(*, actor: User, email: str, name: str = "") -> CompanyInvitation:
    """Invite the holder of ``email`` to join the actor's company as a technician.

    Preconditions: the actor administers a company; the address is not already a current
    technician's of that company, nor invited by an open, unexpired invitation.
    Side effects: a CompanyInvitation with a random token (expires after
    settings.COMPANY_INVITATION_DAYS); the e-mail with its link is sent after commit
    (tasks.send_company_invitation). Raises CompanyError (field errors) otherwise.
    """
    company = _administered_company(actor)
    email = (email or "").strip()
    if not email:
        raise CompanyError({"email": ["Enter the technician's e-mail address."]})
    if TechnicianProfile.objects.filter(company=company, user__email__iexact=email).exists():
        raise CompanyError({"email": [f"{email} is already a technician of {company.name}."]})
    now = timezone.now()
    with transaction.atomic():
        # Lock the company row: two administrators inviting the same address at once make
        # one invitation, not two.
        Company.objects.select_for_update().get(pk=company.pk)
        if CompanyInvitation.objects.filter(
            company=company, email__iexact=email, accepted_at__isnull=True, expires_at__gt=now
        ).exists():
            raise CompanyError(
                {"email": [f"{email} already has an open invitation to {company.name}."]}
            )
        invitation = CompanyInvitation.objects.create(
            company=company,
            email=email,
            name=(name or "").strip()[:150],
            token=secrets.token_urlsafe(32),
            invited_by=actor,
            expires_at=now + timedelta(days=settings.COMPANY_INVITATION_DAYS),
        )
        queue_on_commit(tasks.send_company_invitation, invitation.pk)
    return invitation


def invitation_problem(invitation: CompanyInvitation, actor: User) -> CompanyError | None:
    """Why ``actor`` cannot accept ``invitation`` now, or None; the error's code is "used",
    "expired", "wrong_account" or "not_technician". Read by the invitation page and checked
    again, under lock, by ``invitation_accept``."""
    if invitation.accepted_at is not None:
        return CompanyError(
            "This invitation was already used. Ask the company's administrator for a new one.",
            code="used",
        )
    if invitation.expires_at <= timezone.now():
        local_expiry = timezone.localtime(invitation.expires_at)
        return CompanyError(
            f"This invitation expired on {dateformat.format(local_expiry, 'F j, Y')}. "
            "Ask the company's administrator for a new one.",
            code="expired",
        )
    if (actor.email or "").strip().lower() != invitation.email.strip().lower():
        return CompanyError(
            "This invitation was sent to another e-mail address. Sign out and sign in (or "
            "register) with the address it was sent to.",
            code="wrong_account",
        )
    if not roles.has_role(actor, User.Role.TECHNICIAN):
        return CompanyError(
            "Only technician accounts join a company as a technician.", code="not_technician"
        )
    return None


def invitation_accept(*, actor: User, invitation_id: int) -> CompanyInvitation:
    """Join the invitation's company: the signed-in invitee (their account's e-mail is the
    invited address; sign-in requires it verified) ends their current membership and starts
    one with the company (their profile is created if they have none yet).

    Raises CompanyError with the reason (used, expired, another account); nothing changes
    then. Past jobs keep the company they were done for.
    """
    today = timezone.localdate()
    with transaction.atomic():
        # Row lock: the same link opened twice joins once.
        invitation = (
            CompanyInvitation.objects.select_for_update()
            .select_related("company")
            .get(pk=invitation_id)
        )
        problem = invitation_problem(invitation, actor)
        if problem is not None:
            raise problem
        profile, _ = TechnicianProfile.objects.select_for_update().get_or_create(user=actor)
        company = invitation.company
        if profile.company_id != company.pk:
            _move_to_company(
                profile,
                company,
                today,
                actor=actor,
                reason=f"Joined {company.name} by invitation.",
                invitation=invitation,
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return invitation


def company_technician_remove(*, actor: User, profile_id: int) -> TechnicianProfile:
    """Remove a technician from the actor's company: their current membership ends today
    (the row, with who and why, is the record); they keep their Technician ID,
    certifications and past jobs, and the company keeps seeing the jobs done for it.

    Raises CompanyError unless the technician currently works for the actor's company.
    """
    company = _administered_company(actor)
    with transaction.atomic():
        profile = (
            TechnicianProfile.objects.select_for_update()
            .select_related("user")
            .filter(pk=profile_id, company=company)
            .first()
        )
        if profile is None:
            raise CompanyError(f"This technician does not work for {company.name}.")
        _move_to_company(
            profile,
            None,
            timezone.localdate(),
            actor=actor,
            reason=f"Removed from {company.name} by its administrator.",
        )
    return profile
