app_name = "jobs"
urlpatterns: list = [
    # Entry flow, My jobs, job status and the Registry Installation Report (jobs.views,
    # jobs.report_views) are added here.
]
