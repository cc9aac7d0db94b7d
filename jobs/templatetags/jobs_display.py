"""Template filters for job pages (labels only; see jobs.display)."""

from django import template

from jobs import display

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """A status value ("bpa_approved") as its label ("BPA Approved"); "" stays ""."""
    return display.status_label(value) if value else ""


@register.filter
def ruleset_value(value) -> str:
    """A stored rule-set value as staff read it (jobs.display.ruleset_value)."""
    return display.ruleset_value(value)
