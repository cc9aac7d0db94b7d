import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from accounts import roles
from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

Role = User.Role


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("technician", {Role.TECHNICIAN}),
        ("applicant", {Role.TECHNICIAN}),
        ("staff", {Role.PTCS_STAFF}),
        ("energy_trust_staff", {Role.PROGRAM_ADMIN}),
        ("utility_user", {Role.UTILITY}),
        ("inspector", {Role.QA_INSPECTOR}),
        ("trainer", {Role.TRAINER}),
    ],
)
def test_roles_of_each_persona(persona, expected, request):
    assert roles.roles_of(request.getfixturevalue(persona)) == expected


def test_anonymous_and_inactive_users_have_no_role(technician):
    from django.contrib.auth.models import AnonymousUser

    assert roles.roles_of(AnonymousUser()) == frozenset()
    technician.is_active = False
    assert roles.roles_of(technician) == frozenset()


def test_technician_approved_as_inspector_holds_both_roles(technician):
    technician.is_qa_inspector = True
    assert roles.roles_of(technician) == {Role.TECHNICIAN, Role.QA_INSPECTOR}


@pytest.mark.parametrize(
    ("persona", "reviews", "applies"),
    [
        ("staff", True, False),
        ("energy_trust_staff", False, False),
        ("technician", False, True),
        ("inspector", False, True),
        ("trainer", False, True),
        ("utility_user", False, False),
    ],
)
def test_capabilities(persona, reviews, applies, request):
    user = request.getfixturevalue(persona)
    assert roles.can_review_applications(user) is reviews
    assert roles.can_apply(user) is applies


def test_utility_user_must_have_a_utility():
    with pytest.raises(IntegrityError):
        UserFactory(role=Role.UTILITY, utility=None)


def test_only_utility_users_have_a_utility(benton_rea):
    with pytest.raises(IntegrityError):
        UserFactory(role=Role.TECHNICIAN, utility=benton_rea)


def test_clean_explains_the_utility_rule(benton_rea):
    from django.core.exceptions import ValidationError

    user = User(username="x", email="x@example.com", role=Role.UTILITY)
    with pytest.raises(ValidationError, match="must belong to one utility"):
        user.clean()


def test_who_may_names_the_roles_of_a_page_in_one_order_whatever_the_set():
    assert roles.who_may(*roles.STAFF_ROLES) == "PTCS staff (BPA) and Energy Trust program staff"
    assert roles.who_may(*roles.TERRITORY_ROLES) == (
        "utility users, PTCS staff (BPA) and Energy Trust program staff"
    )
    assert roles.who_may(Role.COMPANY_ADMIN) == "company administrators"


def test_a_refusal_carries_the_reason_for_the_403_page(rf, applicant):
    @roles.role_required(Role.PTCS_STAFF, purpose="Staff decide applications here.")
    def view(request):
        raise AssertionError("not reached")

    request = rf.get("/")
    request.user = applicant
    with pytest.raises(PermissionDenied) as refused:
        view(request)

    assert (
        str(refused.value) == "Staff decide applications here. This page is for PTCS staff (BPA)."
    )
    assert view.may_open(applicant) is False
