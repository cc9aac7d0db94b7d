"""PTCS staff pages of the technicians app: the application queue and decisions. Mounted
under /staff/ with the review pages (registry/urls.py)."""

from django.urls import path

from technicians import staff_views

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
]
