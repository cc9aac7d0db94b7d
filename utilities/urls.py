from django.urls import path

from utilities import dashboard_views, payment_views, territory_views

app_name = "utilities"
urlpatterns: list = [
    # Territory search and its exports (utilities.territory_views).
    path("jobs/", territory_views.territory, name="territory"),
    path("jobs.csv", territory_views.territory_csv, name="territory-csv"),
    path("jobs.xlsx", territory_views.territory_xlsx, name="territory-xlsx"),
    path("jobs.hpxml", territory_views.territory_hpxml, name="territory-hpxml"),
    # BPA payments and the territory dashboard (utilities.payment_views, .dashboard_views).
    path("payments/", payment_views.payments, name="payments"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
]
