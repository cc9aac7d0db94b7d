"""Every /api/v1/ route, one router for all apps."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import MeView
from jobs.api import JobViewSet
from qa_inspections.api import AssignmentViewSet, InspectionViewSet
from technicians.api import TechnicianLookupViewSet
from utilities.api import UtilityViewSet

router = DefaultRouter()
router.register("technicians", TechnicianLookupViewSet, basename="api-technician")
router.register("jobs", JobViewSet, basename="api-job")
router.register("utilities", UtilityViewSet, basename="api-utility")
router.register("inspections", InspectionViewSet, basename="api-inspection")
router.register("qa-assignments", AssignmentViewSet, basename="api-qa-assignment")

urlpatterns = [path("me/", MeView.as_view(), name="api-me"), *router.urls]
