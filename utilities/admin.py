from django.contrib import admin

from utilities.models import ClimateZone, PaymentRate, ServiceZip, Utility


class ServiceZipInline(admin.TabularInline):
    model = ServiceZip
    extra = 1


@admin.register(Utility)
class UtilityAdmin(admin.ModelAdmin):
    list_display = ["name", "program_administrator", "contact_email"]
    list_filter = ["program_administrator"]
    search_fields = ["name", "zips__zip_code"]
    inlines = [ServiceZipInline]


@admin.register(ClimateZone)
class ClimateZoneAdmin(admin.ModelAdmin):
    """The zone map (``manage.py import_zones`` loads BPA's list; staff correct a row here)."""

    list_display = ["zip_code", "heating_zone", "cooling_zone", "source", "updated_at"]
    list_editable = ["heating_zone", "cooling_zone"]
    list_filter = ["heating_zone", "cooling_zone", "source"]
    search_fields = ["zip_code"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(PaymentRate)
class PaymentRateAdmin(admin.ModelAdmin):
    """The manuals' payment rows; a row with zones applies to jobs at those zones only."""

    list_display = [
        "category",
        "heating_zone",
        "cooling_zone",
        "amount",
        "effective_from",
        "effective_to",
        "source",
    ]
    list_filter = ["category", "heating_zone", "cooling_zone"]
    search_fields = ["source"]
    readonly_fields = ["created_at", "updated_at"]
