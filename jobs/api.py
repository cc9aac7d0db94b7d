"""Jobs over the REST API (/api/v1/jobs/): the same services and selectors as the entry forms.

Reads go through ``selectors`` (each role sees exactly what it sees in the browser); writes
call ``services.job_submit`` / ``services.job_complete`` and only translate their JobError
into a 400 with field errors. Nothing here decides a status.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from lxml import etree
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.serializer_helpers import ReturnDict

from jobs import hpxml, selectors, services
from jobs.filters import JobApiFilter
from jobs.models import Job
from jobs.serializers import (
    JobCompleteInputSerializer,
    JobInputSerializer,
    JobSerializer,
    job_data,
)
from registry.lib import errors
from registry.lib.pagination import JobPagination

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

ERRORS_400 = OpenApiResponse(
    response={
        "type": "object",
        # A body that is not JSON at all never reaches the fields: DRF's parser answers it.
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description=(
        'Field errors, {"field": ["message"]}; other errors under "non_field_errors"; '
        'a body that is not JSON, {"detail": "message"}.'
    ),
)
MEASURE_ID = OpenApiParameter(
    "measure_id", int, OpenApiParameter.PATH, description="The 7-digit measure (job) ID."
)


def _errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's JobError as DRF's error body."""
    return errors.api_body(exc, non_field_key=NON_FIELD)


def _json_object(request) -> dict[str, Any]:
    """The request body, which must be a JSON object (an empty body is an empty object)."""
    data = request.data
    if not isinstance(data, dict):
        raise ValidationError({NON_FIELD: ["Send a JSON object of field names and values."]})
    return dict(data)


class JobJSONParser(JSONParser):
    """DRF's JSON parser, refusing with a 400 two bodies that would otherwise end in a 500:
    nesting deeper than Python's decoder can recurse, and lone UTF-16 surrogates ("\\ud800"),
    which json accepts but no database can store."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        except UnicodeEncodeError:
            raise ParseError("JSON parse error - text with a lone surrogate.") from None
        return data


class HpxmlErrorRenderer(BaseRenderer):
    """Accepts ``Accept: application/xml`` on the HPXML download (DRF would answer 406). The
    download itself is an HttpResponse that no renderer touches; only an error body (404,
    401) is rendered here, as ``<errors><error field="detail">...</error></errors>``."""

    media_type = "application/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        root = etree.Element("errors")
        items = data.items() if isinstance(data, dict) else [(NON_FIELD, data)]
        for name, messages in items:
            for message in messages if isinstance(messages, list) else [messages]:
                etree.SubElement(root, "error", field=str(name)).text = str(message)
        return etree.tostring(root, encoding="utf-8", xml_declaration=True)


class CanEnterJobs(BasePermission):
    """Technicians with a PTCS Technician ID, as for the entry form (403 for everyone else)."""

    def has_permission(self, request, view) -> bool:
        return selectors.can_enter_jobs(request.user)


@extend_schema_view(
    list=extend_schema(summary="Jobs you may see, newest first"),
    retrieve=extend_schema(
        summary="One job with its status and the checks behind it",
        parameters=[MEASURE_ID],
        responses={200: JobSerializer, 404: OpenApiResponse(description="No such job.")},
    ),
)
class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Heat pump and duct sealing jobs (measures), by 7-digit measure ID.

    Technicians see and enter their own jobs; utility users see their utility's completed
    jobs; PTCS staff see every job and Energy Trust staff those in Energy Trust territory.
    """

    serializer_class = JobSerializer
    filterset_class = JobApiFilter
    pagination_class = JobPagination
    parser_classes = [JobJSONParser]
    lookup_field = "measure_id"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        # Newest first, as on "My jobs"; the id breaks ties between jobs saved in one instant.
        return selectors.jobs_visible_to(self.request.user).order_by("-created_at", "-id")

    def get_object(self) -> Job:
        return selectors.get_job_for_user(self.request.user, self.kwargs["measure_id"])

    def _data(self, job: Job) -> ReturnDict:
        """The job as ``self.get_serializer(job).data`` (the browsable API reads the serializer
        it names), its fields built once per thread (``serializers.job_data``)."""
        return ReturnDict(job_data(job), serializer=self.get_serializer(job))

    def get_permissions(self):
        if self.action in ("create", "complete"):
            return [IsAuthenticated(), CanEnterJobs()]
        return super().get_permissions()

    @extend_schema(
        summary="Enter a job: save it in progress or complete it",
        request=JobInputSerializer,
        responses={201: JobSerializer, 400: ERRORS_400},
    )
    def create(self, request):
        payload = _json_object(request)
        try:
            job = services.job_submit(
                actor=request.user,
                payload=payload,
                action=payload.pop("action", None),
                strict=True,
            )
        except services.JobError as exc:
            raise ValidationError(_errors(exc)) from exc
        return Response(self._data(job), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Complete an In Progress job, optionally with changes",
        parameters=[MEASURE_ID],
        request=JobCompleteInputSerializer,
        responses={
            200: JobSerializer,
            400: ERRORS_400,
            404: OpenApiResponse(description="No such job, or not yours to complete."),
        },
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, measure_id: str):
        # Look the job up before reading the body: a job the user may not change is a 404
        # whatever they send.
        selectors.get_job_for_user(request.user, int(measure_id), write=True)
        payload = _json_object(request)
        try:
            job = services.job_complete(
                actor=request.user, measure_id=int(measure_id), payload=payload, strict=True
            )
        except services.JobError as exc:
            raise ValidationError(_errors(exc)) from exc
        return Response(self._data(job))

    @extend_schema(
        summary="One job as HPXML (BPI-2100), as a file download",
        parameters=[MEASURE_ID],
        responses={
            (200, hpxml.CONTENT_TYPE): OpenApiTypes.STR,
            404: OpenApiResponse(description="No such job."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="hpxml",
        url_name="hpxml",
        renderer_classes=[JSONRenderer, HpxmlErrorRenderer],
    )
    def hpxml_export(self, request, measure_id: str):
        # The same selector as the detail: a job the user may not see is a 404.
        job = selectors.get_job_for_user(request.user, int(measure_id))
        response = HttpResponse(hpxml.jobs_to_hpxml([job]), content_type=hpxml.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{hpxml.job_filename(job)}"'
        return response
