"""API shapes of QA inspections and assignments: read-only outputs (inspections are started and
submitted on the inspector's pages).

Every field reads from rows the viewsets fetch in one query (``select_related``) plus one
prefetch of the items, so a page costs the same whatever its length.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobs.models import Job
from qa_inspections.inspections.items import ITEMS_BY_CODE
from qa_inspections.models import Inspection, InspectionAssignment, InspectionItem, Remediation
from registry.lib import text_fields


def _person(user) -> str:
    return user.get_full_name() or user.username


class _JobFieldsMixin(serializers.Serializer):
    """The inspected job, flat: measure ID, measure type, utility, technician and company."""

    measure_id = serializers.IntegerField(source="job.measure_id", help_text="The 7-digit job ID.")
    measure_type = serializers.ChoiceField(
        source="job.measure_type", choices=Job.MeasureType.choices
    )
    utility = serializers.CharField(source="job.utility.name", allow_null=True, default=None)
    tech_id = serializers.IntegerField(
        source="job.technician.technician_id", allow_null=True, help_text="PTCS Technician ID."
    )
    technician_name = serializers.SerializerMethodField()
    company = serializers.CharField(source="job.company.name", allow_null=True, default=None)

    def get_technician_name(self, obj) -> str:
        return _person(obj.job.technician.user)


class InspectionItemSerializer(text_fields.ModelSerializer):
    """One specification item marked pass or fail (qa_inspections.inspections.items)."""

    label = serializers.SerializerMethodField(help_text="The specification item, in words.")
    source = serializers.SerializerMethodField(
        help_text="The program document and section of the item."
    )

    class Meta:
        model = InspectionItem
        fields = ["code", "label", "source", "passed", "notes"]
        read_only_fields = fields

    def get_label(self, item: InspectionItem) -> str:
        spec = ITEMS_BY_CODE.get(item.code)
        return spec.label if spec else item.code

    def get_source(self, item: InspectionItem) -> str:
        spec = ITEMS_BY_CODE.get(item.code)
        return spec.citation if spec else ""


class RemediationSummarySerializer(text_fields.ModelSerializer):
    """What a failed inspection asks of the technician, and whether it is done."""

    # Seed 001 L27: a failed inspection asks the technician to remediate.

    class Meta:
        model = Remediation
        fields = ["status", "what_failed", "due_date", "resolved_at"]
        read_only_fields = fields


class InspectionSerializer(_JobFieldsMixin, text_fields.ModelSerializer):
    """An inspection with its per-item results and the values re-taken on site."""

    inspector_name = serializers.SerializerMethodField()
    measured = serializers.DictField(
        read_only=True,
        help_text="Values re-taken on site, by the data dictionary's names (e.g. cfm_per_ton).",
    )
    items = InspectionItemSerializer(many=True, read_only=True)
    remediation = serializers.SerializerMethodField(
        help_text="Failed inspections: what the technician must correct, by when."
    )

    class Meta:
        model = Inspection
        fields = [
            "id",
            "measure_id",
            "measure_type",
            "utility",
            "tech_id",
            "technician_name",
            "company",
            "inspector_name",
            "kind",
            "status",
            "result",
            "inspected_on",
            "submitted_at",
            "measured",
            "notes",
            "items",
            "remediation",
        ]
        read_only_fields = fields

    def get_inspector_name(self, obj: Inspection) -> str:
        return _person(obj.inspector)

    @extend_schema_field(RemediationSummarySerializer(allow_null=True))
    def get_remediation(self, obj: Inspection) -> dict | None:
        # A reverse one-to-one without a row raises RelatedObjectDoesNotExist (an AttributeError).
        remediation = getattr(obj, "remediation", None)
        return RemediationSummarySerializer(remediation).data if remediation else None


class AssignmentSerializer(_JobFieldsMixin, text_fields.ModelSerializer):
    """A job chosen for inspection, with why, and the site the inspector visits."""

    site = serializers.SerializerMethodField(help_text="The job's site address.")
    inspector_name = serializers.SerializerMethodField()
    inspection_id = serializers.SerializerMethodField(
        help_text="The inspection started for this assignment, if any."
    )

    class Meta:
        model = InspectionAssignment
        fields = [
            "id",
            "measure_id",
            "measure_type",
            "utility",
            "tech_id",
            "technician_name",
            "company",
            "site",
            "inspector_name",
            "status",
            "reason",
            "created_at",
            "inspection_id",
        ]
        read_only_fields = fields

    def get_site(self, obj: InspectionAssignment) -> str:
        return str(obj.job.site)

    def get_inspector_name(self, obj: InspectionAssignment) -> str | None:
        return _person(obj.inspector) if obj.inspector_id else None

    def get_inspection_id(self, obj: InspectionAssignment) -> int | None:
        inspection = getattr(obj, "inspection", None)
        return inspection.pk if inspection else None
