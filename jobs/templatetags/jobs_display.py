"""Template filters for job pages (labels only; see jobs.display)."""

from django import template

from jobs import display, history

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """A status value ("bpa_approved") as its label ("BPA Approved"); "" stays ""."""
    return display.status_label(value) if value else ""


@register.filter
def ruleset_value(value) -> str:
    """A stored rule-set value as staff read it (jobs.display.ruleset_value)."""
    return display.ruleset_value(value)


@register.filter
def status_changes(changes) -> list:
    """A job's status changes (JobStatusChange rows) as read: labels, and each decision's
    reason, note or override with the failing checks (jobs.history.status_changes)."""
    return history.status_changes(changes)
