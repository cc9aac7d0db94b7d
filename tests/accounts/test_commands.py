"""``manage.py create_api_token``: the token API clients send as ``Authorization: Token <key>``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def run(username: str) -> str:
    out = StringIO()
    call_command("create_api_token", username, stdout=out)
    return out.getvalue().strip()


def test_prints_a_new_token_for_the_user(technician):
    key = run(technician.username)

    assert key == Token.objects.get(user=technician).key
    assert len(key) == 40


def test_prints_the_same_token_again(technician):
    first = run(technician.username)

    assert run(technician.username) == first
    assert Token.objects.filter(user=technician).count() == 1


def test_the_token_authenticates_api_calls(utility_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {run(utility_user.username)}")

    response = client.get(reverse("api-me"))

    assert response.status_code == 200
    assert response.json()["username"] == utility_user.username


def test_an_unknown_user_is_an_error():
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run("nobody")
    assert not Token.objects.exists()


def test_a_deactivated_user_gets_no_token(technician):
    technician.is_active = False
    technician.save(update_fields=["is_active"])

    with pytest.raises(CommandError, match="deactivated"):
        run(technician.username)
    assert not Token.objects.exists()
