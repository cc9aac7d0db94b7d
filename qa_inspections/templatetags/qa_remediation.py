"""The QA notice on the job page (jobs/templates/jobs/detail.html): open remediations of the job,
for its technician and PTCS staff, without the jobs app knowing about QA."""

from django import template

from qa_inspections.inspections.selectors import job_open_remediations as _open

register = template.Library()


@register.simple_tag(takes_context=True)
def job_open_remediations(context, job) -> list:
    request = context.get("request")
    return _open(request.user, job) if request is not None else []
