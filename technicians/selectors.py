"""What each user may see of technicians and applications.

Views, the API and exports ask here; none of them looks an application up by id on its own.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accounts import roles
from technicians.models import (
    Application,
    Certification,
    CompanyInvitation,
    CompanyMembership,
    TechnicianProfile,
)


def applications_pending() -> QuerySet[Application]:
    """The staff review queue, oldest first (served by the partial index on pending)."""
    return (
        Application.objects.filter(status=Application.Status.PENDING)
        .select_related("applicant")
        .order_by("created_at", "id")
    )


def applications_of(user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related("decided_by")


def get_application_for_user(user, pk: int) -> Application:
    """The application if the user is its applicant or decides applications; 404 otherwise.

    404 rather than 403: the existence of another person's application is not disclosed.
    """
    qs = Application.objects.select_related("applicant", "decided_by")
    if not roles.can_review_applications(user):
        qs = qs.filter(applicant_id=user.pk)
    try:
        return qs.get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None


def _active_certifications() -> Prefetch:
    return Prefetch(
        "certifications",
        queryset=Certification.objects.filter(status=Certification.Status.ACTIVE),
        to_attr="active_certifications",
    )


def technician_lookup(query: str = "") -> QuerySet[TechnicianProfile]:
    """Public look-up: technicians with at least one active certification, by name, company
    or Technician ID. Only active certifications are attached (``active_certifications``).
    """
    qs = (
        TechnicianProfile.objects.filter(
            Exists(
                Certification.objects.filter(
                    technician=OuterRef("pk"), status=Certification.Status.ACTIVE
                )
            ),
            technician_id__isnull=False,
            user__is_active=True,
        )
        .select_related("user", "company")
        .prefetch_related(_active_certifications())
        .order_by("user__last_name", "user__first_name", "technician_id")
    )
    return search_technicians(qs, query)


def search_technicians(qs: QuerySet[TechnicianProfile], query: str) -> QuerySet[TechnicianProfile]:
    """Narrow ``qs`` to technicians whose name, company or Technician ID matches ``query``."""
    query = (query or "").strip()
    if not query:
        return qs
    match = (
        Q(user__first_name__icontains=query)
        | Q(user__last_name__icontains=query)
        | Q(company__name__icontains=query)
    )
    parts = query.split()
    if len(parts) == 2:
        match |= Q(user__first_name__icontains=parts[0], user__last_name__icontains=parts[1])
    if query.isdigit():
        match |= Q(technician_id=int(query))
    return qs.filter(match)


def profile_for(user) -> TechnicianProfile | None:
    """The user's own technician profile with every certification (any status), or None."""
    return (
        TechnicianProfile.objects.filter(user=user)
        .select_related("company")
        .prefetch_related("certifications", "memberships__company")
        .first()
    )


# --- Company administrators ------------------------------------------------------------------


def company_technicians(company_id: int) -> QuerySet[TechnicianProfile]:
    """The company's current technicians with every certification (``all_certifications``),
    by name. Two queries whatever their number."""
    return (
        TechnicianProfile.objects.filter(company_id=company_id)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "certifications",
                queryset=Certification.objects.order_by("cert_type"),
                to_attr="all_certifications",
            )
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def company_former_memberships(company_id: int) -> QuerySet[CompanyMembership]:
    """Ended memberships of technicians who no longer work for the company, latest first
    (the company keeps seeing the jobs they did for it)."""
    return (
        CompanyMembership.objects.filter(company_id=company_id, ended_on__isnull=False)
        .exclude(technician__company_id=company_id)
        .select_related("technician__user", "ended_by")
        .order_by("-ended_on", "-id")
    )


def company_open_invitations(company_id: int) -> QuerySet[CompanyInvitation]:
    """Invitations not accepted yet (expired ones too, marked so by the page), newest first."""
    return CompanyInvitation.objects.filter(
        company_id=company_id, accepted_at__isnull=True
    ).order_by("-created_at", "-id")


def get_invitation(token: str) -> CompanyInvitation:
    """The invitation a link names, or 404. The token is the secret: holding it lets one see
    which company invites whom; accepting still needs the invited address's account."""
    try:
        return CompanyInvitation.objects.select_related("company", "invited_by").get(token=token)
    except CompanyInvitation.DoesNotExist:
        raise Http404("No such invitation.") from None
