from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from technicians.models import (
    Application,
    Certification,
    CertificationStatusChange,
    Company,
    CompanyInvitation,
    CompanyMembership,
    TechnicianProfile,
)


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "license_number", "city", "state", "phone"]
    search_fields = ["name", "license_number"]


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0
    readonly_fields = ["status"]  # changed only through technicians.services, with a history row


class MembershipInline(admin.TabularInline):
    model = CompanyMembership
    extra = 0
    readonly_fields = [
        "company",
        "started_on",
        "ended_on",
        "application",
        "invitation",
        "ended_by",
        "end_reason",
    ]


@admin.register(TechnicianProfile)
class TechnicianProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "technician_id", "company"]
    search_fields = ["user__username", "user__last_name", "technician_id", "company__name"]
    readonly_fields = ["technician_id"]
    inlines = [CertificationInline, MembershipInline]


@admin.register(CertificationStatusChange)
class CertificationStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["certification", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Raw data only: decisions go through the staff review page (and its service)."""

    list_display = ["__str__", "kind", "status", "company_name", "created_at", "decided_at"]
    list_filter = ["kind", "status"]
    search_fields = ["applicant__username", "applicant__email", "company_name"]
    readonly_fields = [f.name for f in Application._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made and accepted through technicians.services, where accepting
    one moves the technician's company membership."""

    list_display = ["email", "company", "invited_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "company__name"]
    exclude = ["token"]  # the link's secret

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
