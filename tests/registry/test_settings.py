"""Settings: a clean ``check --deploy`` in production, and the settings following the
environment. Strict parsing of each variable: tests/registry/lib/test_env.py."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Variables the test process sets for itself that a deployment never has.
_TEST_ONLY_ENV = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789-xyz",
    "ALLOWED_HOSTS": "registry.example.org",
    "DATABASE_URL": "postgres://registry@127.0.0.1:5432/registry",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in _TEST_ONLY_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_cookies_and_headers(settings):
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEBUG)",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == ["True", "True", "31536000", "True", "False"]


def test_without_a_broker_tasks_run_in_process(monkeypatch):
    env = {"CELERY_BROKER_URL": ""}
    result = _manage(
        "shell", "-c", "from registry.celery import app; print(app.conf.task_always_eager)", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "True"
