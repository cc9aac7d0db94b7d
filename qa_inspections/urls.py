from django.urls import path

from qa_inspections import dashboard_views
from qa_inspections.inspections import staff_views, views
from qa_inspections.sampling import views as sampling_views

app_name = "qa"
urlpatterns: list = [
    # QA rates against the 10 % goal (qa_inspections.dashboard_views).
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    # Inspections (qa_inspections.inspections.views): the inspector's assignments, the form, photos.
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/<int:pk>/start/", views.start, name="start"),
    path("inspections/<int:pk>/", views.inspect, name="inspect"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    # Remediation: the technician's (views) and PTCS staff's (staff_views).
    path("remediations/mine/", views.my_remediations, name="my-remediations"),
    path("remediations/<int:pk>/respond/", views.respond, name="remediation-respond"),
    path("remediations/", staff_views.remediations, name="remediations"),
    path("remediations/<int:pk>/", staff_views.remediation, name="remediation"),
    path("remediations/<int:pk>/resolve/", staff_views.resolve, name="remediation-resolve"),
    path("remediations/<int:pk>/suspend/", staff_views.suspend, name="remediation-suspend"),
    # The QA sample: run it now, add or remove jobs by hand (sampling_views; PTCS and Energy
    # Trust staff, each their territory).
    path("sampling/", sampling_views.sampling, name="sampling"),
    path("sampling/run/", sampling_views.run, name="sampling-run"),
    path("sampling/add/", sampling_views.add, name="sampling-add"),
    path("sampling/<int:pk>/remove/", sampling_views.remove, name="sampling-remove"),
]
