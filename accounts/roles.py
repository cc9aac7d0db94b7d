"""Who may do what: the one place role checks live (spec §1).

Views (``role_required``), the API (``HasRole``) and templates (the ``roles`` context
processor) all ask these functions, so a rule changes in one place.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from accounts.models import User

Role = User.Role

#: Staff who decide applications and review jobs. Energy Trust (program administrator) staff
#: share the job-review powers for their territory only (spec §1) — certification stays with
#: the PTCS program team, so they do not decide technician applications.
STAFF_ROLES = frozenset({Role.PTCS_STAFF, Role.PROGRAM_ADMIN})
#: Accounts that take part in the program as individuals and may apply (seed 001).
PARTICIPANT_ROLES = frozenset({Role.TECHNICIAN, Role.QA_INSPECTOR, Role.TRAINER})
#: Who reads a territory's jobs and reports (search, exports, payments, dashboards): its
#: utility's users, PTCS staff (every territory) and Energy Trust staff (theirs).
TERRITORY_ROLES = frozenset({Role.UTILITY, Role.PTCS_STAFF, Role.PROGRAM_ADMIN})


def roles_of(user) -> frozenset[str]:
    """Every role the user holds: the primary role plus approved inspector/trainer roles."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    roles = {user.role}
    if user.is_qa_inspector:
        roles.add(Role.QA_INSPECTOR)
    if user.is_trainer:
        roles.add(Role.TRAINER)
    if user.administered_company_id:
        roles.add(Role.COMPANY_ADMIN)
    if user.is_superuser:
        roles.add(Role.PTCS_STAFF)
    return frozenset(roles)


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_reviewer(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def can_review_applications(user) -> bool:
    """Certified Technician, trainer and inspector applications are decided by PTCS staff."""
    return has_role(user, Role.PTCS_STAFF)


def can_apply(user) -> bool:
    """Individuals apply for certification; utility and staff accounts do not."""
    return has_role(user, *PARTICIPANT_ROLES)


#: Each role as a refused visitor reads it, in "This page is for …".
ROLE_NAMES = {
    Role.TECHNICIAN: "technicians",
    Role.UTILITY: "utility users",
    Role.PTCS_STAFF: "PTCS staff (BPA)",
    Role.PROGRAM_ADMIN: "Energy Trust program staff",
    Role.QA_INSPECTOR: "QA inspectors",
    Role.TRAINER: "trainers",
    Role.COMPANY_ADMIN: "company administrators",
}


def who_may(*roles: str) -> str:
    """ "PTCS staff (BPA) and Energy Trust program staff": the roles a page is for, in words,
    always in the same order (the role sets are unordered)."""
    names = [name for role, name in ROLE_NAMES.items() if role in roles]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def allowed_if(may: Callable[[object], bool], why: Callable[[object], str] | str = "") -> Callable:
    """View decorator: sign-in first, then 403 unless ``may(user)``. The one gate of every
    page, whether the rule is a role or a question about the user (may they enter jobs?).

    ``why``: what the refused user reads on the 403 page (templates/403.html), a sentence or a
    function of the user, so a refusal says what the page is for and what to do about it."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not may(request.user):
                raise PermissionDenied(why(request.user) if callable(why) else why)
            return view(request, *args, **kwargs)

        wrapped.may_open = may  # what the site menu asks before it links here (registry.menu)
        return wrapped

    return decorator


def role_required(*roles: str, purpose: str = "") -> Callable:
    """View decorator: sign-in first, then 403 unless the user holds one of ``roles``; the
    refusal says who the page is for (and ``purpose``, what it is for)."""
    why = " ".join(filter(None, [purpose, f"This page is for {who_may(*roles)}."]))
    return allowed_if(lambda user: has_role(user, *roles), why)


#: PTCS staff only: certification decisions (applications, remediation, suspensions).
ptcs_staff_required = role_required(
    Role.PTCS_STAFF,
    purpose="PTCS staff decide certification applications, QA remediation and suspensions here.",
)
#: Staff of either program administrator (PTCS staff, Energy Trust staff), each in their own
#: territory (utilities.administrators): review, corrections, the QA inspection list.
program_staff_required = role_required(
    *STAFF_ROLES,
    purpose="Program staff review jobs, correct them and choose the QA sample here, each for "
    "their own territory.",
)


def HasRole(*roles: str) -> type[BasePermission]:  # noqa: N802 - reads like a class in views
    """DRF permission class for ``permission_classes = [HasRole(Role.PTCS_STAFF)]``."""

    class _HasRole(BasePermission):
        def has_permission(self, request, view) -> bool:
            return has_role(request.user, *roles)

    _HasRole.__name__ = f"HasRole({', '.join(roles)})"
    return _HasRole
