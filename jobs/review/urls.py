"""Staff review of BPA Pending jobs, staff corrections and the dated rule sets. Mounted under
/staff/ with the application queue (registry/urls.py)."""

from django.urls import path

from jobs.review import views as review_views

urlpatterns = [
    path("jobs/review/", review_views.queue, name="jobs-review"),
    path("jobs/review/<int:measure_id>/", review_views.job_review, name="job-review"),
    path("jobs/<int:measure_id>/edit/", review_views.edit, name="job-edit"),
    # The dated rule sets, read-only.
    path("rulesets/", review_views.rulesets, name="rulesets"),
]
