from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from jobs.review import urls as review_urls
from registry import views
from technicians import staff_urls as application_urls

#: Everything PTCS and program staff work through, one namespace ("staff:…").
staff_urls = ([*application_urls.urlpatterns, *review_urls.urlpatterns], "staff")

#: The styled 500 page, or the API's JSON; rendered without the database (which may be the cause).
handler500 = "registry.lib.server_errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("technicians/", include("technicians.urls")),
    path("jobs/", include("jobs.urls")),
    path("utilities/", include("utilities.urls")),
    path("qa/", include("qa_inspections.urls")),
    path("staff/", include(staff_urls)),
    path("api/v1/", include("registry.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
