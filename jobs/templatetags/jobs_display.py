"""Template filters for job pages (labels only; see jobs.display)."""

from django import template

from jobs import display

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """A status value ("bpa_approved") as its label ("BPA Approved"); "" stays ""."""
    return display.status_label(value) if value else ""
