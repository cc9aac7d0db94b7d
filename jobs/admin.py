"""Django admin for jobs: a raw view for PTCS staff. Statuses and measure IDs are written only
by jobs.services, so they are read-only here; the ring calibration table is the one thing staff
maintain in the admin (spec §4)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from jobs.models import (
    AhriRating,
    Job,
    JobStatusChange,
    RingCalibration,
    RuleSetRecord,
    Site,
)


@admin.register(Job)
class JobAdmin(SimpleHistoryAdmin):
    list_display = ["measure_id", "measure_type", "status", "utility", "install_date"]
    list_filter = ["status", "measure_type", "utility"]
    list_select_related = ["utility"]
    # "=measure_id": a measure ID is looked up exactly, not as a substring of every number.
    search_fields = ["=measure_id", "site__street_address", "site__city", "site__zip_code"]
    raw_id_fields = ["site", "technician", "company", "utility"]
    # The status, its checks and what the engine computed change only through the services,
    # which also write the JobStatusChange row; the measure ID never changes (spec §1).
    readonly_fields = [
        "measure_id",
        "status",
        "checks",
        "computed",
        "ruleset",
        "category",
        "completed_at",
        "entered_by",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False  # a job needs a measure ID from the sequence: enter it through the registry

    def has_delete_permission(self, request, obj=None):
        return False  # measures are the program's record; reject them instead


class SiteJobInline(admin.TabularInline):
    model = Job
    fields = ["measure_id", "measure_type", "status", "install_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "zip_code", "verified"]
    list_filter = ["verified", "state"]
    search_fields = ["street_address", "street_address_2", "city", "zip_code"]
    # The address is the site's identity (normalized_key): staff confirm or annotate an
    # unverified address here, but never retype it, or the key would no longer match.
    readonly_fields = [
        "street_address",
        "street_address_2",
        "city",
        "state",
        "zip_code",
        "normalized_key",
        "created_at",
        "updated_at",
    ]
    inlines = [SiteJobInline]

    def has_add_permission(self, request):
        return False  # sites are created from the jobs entered at them


@admin.register(JobStatusChange)
class JobStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["job", "from_status", "to_status", "actor", "ruleset", "at"]
    list_filter = ["to_status"]
    list_select_related = ["job", "actor"]
    search_fields = ["=job__measure_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RingCalibration)
class RingCalibrationAdmin(admin.ModelAdmin):
    list_display = ["equipment", "ring", "c", "n", "min_pa", "max_pa", "active", "source"]
    list_filter = ["equipment", "active"]
    search_fields = ["ring", "source"]


@admin.register(RuleSetRecord)
class RuleSetRecordAdmin(admin.ModelAdmin):
    """Dated rule sets, since a job is judged by the thresholds in force on its install date:
    superusers edit them; the model's clean() refuses a set the engine cannot read and
    overlapping active periods. Staff review them on staff:rulesets."""

    list_display = ["key", "name", "effective_from", "effective_to", "active"]
    list_filter = ["active"]
    search_fields = ["key", "name"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # jobs name the set they were evaluated with: deactivate it instead


@admin.register(AhriRating)
class AhriRatingAdmin(admin.ModelAdmin):
    """The equipment directory (AHRI certified heat pump systems), imported with ``manage.py
    import_ahri``."""

    list_display = [
        "ahri_number",
        "make",
        "outdoor_model",
        "indoor_model",
        "seer",
        "hspf",
        "seer2",
        "hspf2",
    ]
    search_fields = ["=ahri_number", "make", "outdoor_model", "indoor_model"]
    readonly_fields = ["imported_at"]
