from django.urls import path

from jobs.review import views as review_views
from technicians import staff_views

app_name = "staff"
urlpatterns = [
    path("applications/", staff_views.application_queue, name="applications"),
    path("applications/<int:pk>/", staff_views.application_detail, name="application"),
    path(
        "applications/<int:pk>/approve/",
        staff_views.application_approve,
        name="application-approve",
    ),
    path(
        "applications/<int:pk>/reject/", staff_views.application_reject, name="application-reject"
    ),
    # Review of BPA Pending jobs and staff corrections (jobs.review.views).
    path("jobs/review/", review_views.queue, name="jobs-review"),
    path("jobs/review/<int:measure_id>/", review_views.job_review, name="job-review"),
    path("jobs/<int:measure_id>/edit/", review_views.edit, name="job-edit"),
    # Dated rule sets, read-only (issue 8).
    path("rulesets/", review_views.rulesets, name="rulesets"),
]
