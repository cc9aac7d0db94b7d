from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class RegistryUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "utility", "is_active"]
    list_filter = ["role", "is_qa_inspector", "is_trainer", "is_active", "utility"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            "Registry role",
            {"fields": ["role", "utility", "is_qa_inspector", "is_trainer", "phone"]},
        ),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Registry role", {"fields": ["email", "role", "utility"]}),
    ]
