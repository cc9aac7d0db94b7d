"""Sign-up, sign-in, throttling and password flows (django-allauth, configured in settings)."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Jordan.Rivers@Example.com",
    "username": "jrivers",
    "first_name": "Jordan",
    "last_name": "Rivers",
    "phone": "509-555-0111",
    "password1": "a-long-unusual-passphrase-7",
    "password2": "a-long-unusual-passphrase-7",
}


def _link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_sign_up_creates_a_technician_account_and_asks_to_verify_the_email(client):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    user = User.objects.get(username="jrivers")
    assert user.role == User.Role.TECHNICIAN
    assert user.email == "jordan.rivers@example.com"
    assert (user.first_name, user.last_name, user.phone) == ("Jordan", "Rivers", "509-555-0111")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jordan.rivers@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_confirming_the_email_signs_the_technician_in(client):
    client.post(reverse("account_signup"), SIGNUP)
    link = _link_in(mail.outbox[0])

    response = client.post(link)

    assert response.status_code == 302
    assert client.get(reverse("technicians:me")).status_code == 200


def test_second_account_with_same_email_in_other_case_is_not_created(client):
    UserFactory(username="original", email="jordan.rivers@example.com")

    client.post(reverse("account_signup"), {**SIGNUP, "email": "JORDAN.RIVERS@example.COM"})

    # allauth does not reveal that the address is taken (account enumeration); it mails the
    # owner instead, and no second account exists.
    assert User.objects.filter(email__iexact="jordan.rivers@example.com").count() == 1
    assert not User.objects.filter(username="jrivers").exists()
    assert mail.outbox[-1].to == ["jordan.rivers@example.com"]


def test_database_refuses_duplicate_email_whatever_the_case():
    UserFactory(username="first", email="same@example.com")
    with pytest.raises(IntegrityError):
        User.objects.create(username="second", email="SAME@example.com")


def test_sign_in_by_username_or_email(client):
    user = UserFactory(username="dana", email="dana@example.com")
    for login in ("dana", "DANA", "dana@example.com"):
        client.logout()
        response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
        assert response.status_code == 302, login
        assert client.session["_auth_user_id"] == str(user.pk)


def test_failed_sign_ins_are_throttled_after_five_per_account(client):
    UserFactory(username="dana")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "dana", "password": "wrong"})
        assert b"Too many failed login attempts" not in response.content

    # The sixth attempt is refused even with the right password.
    response = client.post(reverse("account_login"), {"login": "dana", "password": PASSWORD})

    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_the_account(client):
    UserFactory(username="dana")
    for _ in range(4):
        client.post(reverse("account_login"), {"login": "dana", "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": "dana", "password": PASSWORD})

    assert response.status_code == 302


@pytest.mark.parametrize(("attempts", "refused"), [(29, False), (30, False), (31, True)])
def test_sign_in_attempts_per_address_are_limited_to_thirty_a_minute(client, attempts, refused):
    """LOGIN_RATE (default 30/m/ip): successful sign-ins count too, so a script cannot try
    thousands of accounts from one address."""
    UserFactory(username="dana")
    for _ in range(attempts - 1):
        client.logout()
        client.post(reverse("account_login"), {"login": "dana", "password": PASSWORD})
    client.logout()

    response = client.post(reverse("account_login"), {"login": "dana", "password": PASSWORD})

    assert (response.status_code == 429) is refused


def test_password_reset_by_email(client):
    user = UserFactory(username="dana", email="dana@example.com")

    client.post(reverse("account_reset_password"), {"email": "DANA@example.com"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@example.com"]
    link = _link_in(mail.outbox[0])
    form_url = client.get(link).url  # allauth moves the key out of the URL first
    response = client.post(
        form_url, {"password1": "brand-new-passphrase-42", "password2": "brand-new-passphrase-42"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase-42")


def test_change_password_needs_the_old_one(client):
    user = UserFactory(username="dana")
    client.force_login(user)
    url = reverse("account_change_password")

    bad = client.post(
        url,
        {
            "oldpassword": "nope",
            "password1": "another-pass-phrase-1",
            "password2": "another-pass-phrase-1",
        },
    )
    good = client.post(
        url,
        {
            "oldpassword": PASSWORD,
            "password1": "another-pass-phrase-1",
            "password2": "another-pass-phrase-1",
        },
    )

    assert bad.status_code == 200
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-pass-phrase-1")


def test_change_password_requires_sign_in(client):
    response = client.get(reverse("account_change_password"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url
