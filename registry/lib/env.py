"""Strict parsing of environment variables (after healthchecks' envbool).

A typo in a production flag must stop the process, not silently fall back to a default.
"""

import datetime
import os
import re
from decimal import Decimal, InvalidOperation

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(RuntimeError):
    pass


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean (use one of: true, false, 1, 0).")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number.") from None


def envdecimal(name: str, default: str) -> Decimal:
    """A finite decimal number such as ``0.10`` (no floats: a rate times a count is exact)."""
    raw = os.environ.get(name)
    value = default if raw is None or raw.strip() == "" else raw.strip()
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ConfigurationError(f"{name}={raw!r} is not a decimal number.") from None
    if not number.is_finite():
        raise ConfigurationError(f"{name}={raw!r} is not a decimal number.")
    return number


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def envdate(name: str, default: datetime.date) -> datetime.date:
    """A calendar date written exactly as YYYY-MM-DD (no week dates, no compact forms)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:  # 2024-02-30
            pass
    raise ConfigurationError(f"{name}={raw!r} is not a date written as YYYY-MM-DD.")


_RATE = re.compile(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)")


def envrate(name: str, default: str) -> str:
    """A request rate as Django REST framework reads it: ``<number>/<period>`` (``60/min``)."""
    raw = os.environ.get(name)
    value = default if raw is None or raw.strip() == "" else raw.strip()
    if not _RATE.fullmatch(value):
        raise ConfigurationError(f"{name}={raw!r} is not a rate such as 60/min or 1000/hour.")
    return value
