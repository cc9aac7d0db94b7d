from django.urls import path

from utilities.dashboard import views as dashboard_views
from utilities.payments import views as payment_views
from utilities.territory import views as territory_views

app_name = "utilities"
urlpatterns: list = [
    # Territory search and its exports (utilities.territory.views).
    path("jobs/", territory_views.territory, name="territory"),
    path("jobs.csv", territory_views.territory_csv, name="territory-csv"),
    path("jobs.xlsx", territory_views.territory_xlsx, name="territory-xlsx"),
    path("jobs.hpxml", territory_views.territory_hpxml, name="territory-hpxml"),
    # BPA payments and the territory dashboard (utilities.payments.views, .dashboard_views).
    path("payments/", payment_views.payments, name="payments"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
]
