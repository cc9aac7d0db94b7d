from django.urls import path

from jobs import views
from jobs.bulk import views as bulk_views
from jobs.hpxml import views as hpxml_views
from jobs.report import views as report_views

app_name = "jobs"
urlpatterns: list = [
    # Entry flow, My jobs, job status and the Registry Installation Report (jobs.views,
    # jobs.report.views) are added here.
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("new/<str:measure_type>/", views.new_measure, name="new-measure"),
    path("preview/", views.preview, name="preview"),
    path("ahri/<str:number>/", views.ahri_lookup, name="ahri-lookup"),
    path("<int:measure_id>/", views.detail, name="detail"),
    path("<int:measure_id>/edit/", views.edit, name="edit"),
    path("<int:measure_id>/history/", views.history, name="history"),
    path("<int:measure_id>/urgent/", views.urgent, name="urgent"),
    path("<int:measure_id>/report/", report_views.report, name="report"),
    path("<int:measure_id>/report.pdf", report_views.report_pdf, name="report-pdf"),
    # HPXML (BPI-2100) export of one job and the import page (jobs.hpxml.views).
    path("<int:measure_id>/hpxml.xml", hpxml_views.job_hpxml, name="hpxml"),
    path("import/hpxml/", hpxml_views.hpxml_import_page, name="hpxml-import"),
]
urlpatterns += [
    # Bulk CSV upload (jobs.bulk.views).
    path("bulk/", bulk_views.upload, name="bulk-upload"),
    path("bulk/template.csv", bulk_views.template_csv, name="bulk-template"),
    path("bulk/<int:upload_id>/", bulk_views.result, name="bulk-result"),
    path("bulk/<int:upload_id>/rows/<int:row_number>/", bulk_views.row_fix, name="bulk-row"),
]
