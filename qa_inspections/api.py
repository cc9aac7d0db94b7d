"""QA over the REST API: inspections (/api/v1/inspections/) and assignments
(/api/v1/qa-assignments/), read-only.

Reads go through ``qa_inspections.selectors``, so each role sees exactly the inspections it
may: staff their territory's, inspectors their own, utility users the submitted inspections of
their utility's jobs and technicians those of their own jobs. Writes (starting,
submitting an inspection) belong to the inspection services and their pages, not here.
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from qa_inspections import selectors
from qa_inspections.filters import AssignmentApiFilter, InspectionApiFilter
from qa_inspections.serializers import AssignmentSerializer, InspectionSerializer

INSPECTION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Inspection ID.")
BAD_FILTER = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description='A filter that does not parse: {"parameter": ["message"]}.',
)


@extend_schema_view(
    list=extend_schema(
        summary="QA inspections you may see, newest first",
        responses={200: InspectionSerializer(many=True), 400: BAD_FILTER},
    ),
    retrieve=extend_schema(
        summary="One inspection with its item results and measured values",
        parameters=[INSPECTION_ID],
        responses={
            200: InspectionSerializer,
            404: OpenApiResponse(description="No such inspection."),
        },
    ),
)
class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    # The program aims to inspect at least 10 percent of all jobs (seed 001 L27).
    """Quality assurance inspections of jobs (the program aims to inspect at least 10 percent
    of all jobs), with the pass/fail of each specification item, the values
    re-taken on site and any remediation.

    PTCS staff see every inspection and Energy Trust staff those of their territory, drafts
    included; inspectors see their own; utility users the submitted inspections of their
    utility's jobs; technicians the submitted inspections of their own jobs. Others: none.
    """

    serializer_class = InspectionSerializer
    filterset_class = InspectionApiFilter
    # Bounded: a longer number is not an id and would overflow the column (404, not 500).
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        # Newest first; the id breaks ties between inspections saved in one instant.
        return (
            selectors.inspections_visible_to(self.request.user)
            .prefetch_related("items")
            .order_by("-created_at", "-id")
        )


class CanListAssignments(BasePermission):
    """Inspectors and staff (403 for everyone else)."""

    def has_permission(self, request, view) -> bool:
        return selectors.can_list_assignments(request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Jobs assigned for QA inspection",
        responses={
            200: AssignmentSerializer(many=True),
            400: BAD_FILTER,
            403: OpenApiResponse(description="Neither an inspector nor staff."),
        },
    ),
)
class AssignmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Jobs chosen for inspection, with the reason. Inspectors: their open assignments, oldest
    first (what is left to inspect). PTCS and Energy Trust staff: every assignment of their
    territory, whatever its status."""

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentApiFilter
    permission_classes = [IsAuthenticated, CanListAssignments]

    def get_queryset(self):
        # Oldest first: the longest waiting assignment is the next to inspect.
        return selectors.assignments_visible_to(self.request.user).order_by("created_at", "id")
