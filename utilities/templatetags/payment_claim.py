"""What a utility may claim for a job, on its status page: the payment rules' own decision and
message (utilities.payments.rules.assess, with the rate table and the site's zones), so the job
page and the payments page never disagree."""

from django import template

from jobs.models import Job
from utilities.payments import selectors

register = template.Library()


@register.simple_tag
def job_payment(job: Job):
    """The payment decision for ``job`` (utilities.payments.rules.Payment)."""
    jobs = selectors.with_zones(Job.objects.filter(pk=job.pk).select_related("utility", "site"))
    return selectors.price(jobs, selectors.rate_table())[0].payment
