from django.urls import path

from technicians import company_views, views

app_name = "technicians"
urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("me/", views.me, name="me"),
    path("apply/<slug:kind_slug>/", views.apply, name="apply"),
    path("applications/<int:pk>/proof/", views.application_proof, name="application-proof"),
    # Company administrators.
    path("company/", company_views.company, name="company"),
    path("company/invite/", company_views.invite, name="company-invite"),
    path(
        "company/technicians/<int:profile_id>/remove/",
        company_views.remove,
        name="company-remove",
    ),
    path("invitations/<str:token>/", company_views.invitation, name="invitation"),
]
