from django.urls import path

from technicians import views

app_name = "technicians"
urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("me/", views.me, name="me"),
    path("apply/<slug:kind_slug>/", views.apply, name="apply"),
    path("applications/<int:pk>/proof/", views.application_proof, name="application-proof"),
]
