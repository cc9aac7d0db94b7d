"""Company administrators' pages: the company's technicians with their
certifications, invitations to join, removing a technician; and the invitee's page that
accepts an invitation. Thin: selectors read, technicians.services decide and write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.roles import role_required
from registry.lib import errors
from technicians import renewal, selectors, services
from technicians.forms import InvitationForm


def _company_context(request, form: InvitationForm | None = None) -> dict:
    company = request.user.administered_company
    today = timezone.localdate()
    technicians = list(selectors.company_technicians(company.pk))
    for profile in technicians:
        for cert in profile.all_certifications:
            cert.expiry_state = renewal.expiry_state(cert.status, cert.expiry_date, today)
    return {
        "company": company,
        "technicians": technicians,
        "former": selectors.company_former_memberships(company.pk),
        "invitations": selectors.company_open_invitations(company.pk),
        "form": form or InvitationForm(),
        "now": timezone.now(),
        "warning_days": max(renewal.REMINDER_DAYS),
    }


@role_required(roles.Role.COMPANY_ADMIN)
def company(request):
    """The company's current technicians, each certification's status, effective and expiry
    dates (expiring within 60 days or expired highlighted), former technicians, invitations."""
    return render(request, "technicians/company.html", _company_context(request))


@role_required(roles.Role.COMPANY_ADMIN)
@require_POST
def invite(request):
    """Invite a technician by e-mail; errors back on the company page (400)."""
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
            )
        except services.CompanyError as exc:
            errors.add_to_form(form, exc)
        else:
            messages.success(request, f"Invitation e-mailed to {invitation.email}.")
            return redirect("technicians:company")
    context = _company_context(request, form)
    return render(request, "technicians/company.html", context, status=400)


@role_required(roles.Role.COMPANY_ADMIN)
@require_POST
def remove(request, profile_id: int):
    """Remove a technician from the company (their past jobs stay theirs and the company's)."""
    try:
        profile = services.company_technician_remove(actor=request.user, profile_id=profile_id)
    except services.CompanyError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        name = profile.user.get_full_name() or profile.user.username
        messages.success(
            request,
            f"{name} no longer works for {request.user.administered_company.name}. Their "
            "past jobs stay listed under the company.",
        )
    return redirect("technicians:company")


@login_required
def invitation(request, token: str):
    """An invitation link: its company and a button to join for the invited account; a clear
    reason instead for anyone else, or once it was used or expired (nothing changes then).
    Someone not signed in is sent to sign in (or register) and brought back."""
    invite = selectors.get_invitation(token)
    if request.method == "POST":
        try:
            services.invitation_accept(actor=request.user, invitation_id=invite.pk)
        except services.CompanyError as exc:
            problem = exc
        else:
            messages.success(request, f"You joined {invite.company.name}.")
            return redirect("technicians:me")
    else:
        problem = services.invitation_problem(invite, request.user)
    status = 200
    if problem is not None:
        # Another account: forbidden to this one. Used or expired: gone for everyone.
        status = 410 if problem.code in ("used", "expired") else 403
    return render(
        request,
        "technicians/invitation.html",
        {"invitation": invite, "problem": " ".join(problem.messages) if problem else None},
        status=status,
    )
