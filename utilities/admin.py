from django.contrib import admin

from utilities.models import ServiceZip, Utility


class ServiceZipInline(admin.TabularInline):
    model = ServiceZip
    extra = 1


@admin.register(Utility)
class UtilityAdmin(admin.ModelAdmin):
    list_display = ["name", "program_administrator", "contact_email"]
    list_filter = ["program_administrator"]
    search_fields = ["name", "zips__zip_code"]
    inlines = [ServiceZipInline]
