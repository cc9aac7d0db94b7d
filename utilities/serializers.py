"""API shape of a utility: read-only (utilities and their ZIP codes are loaded by a management
command, utilities.services)."""

from __future__ import annotations

from rest_framework import serializers

from registry.lib import text_fields
from utilities.models import Utility


class UtilitySerializer(text_fields.ModelSerializer):
    zip_codes = serializers.SerializerMethodField(help_text="The ZIP codes the utility serves.")

    class Meta:
        model = Utility
        fields = ["name", "program_administrator", "zip_codes"]
        read_only_fields = fields

    def get_zip_codes(self, utility: Utility) -> list[str]:
        # From the prefetched rows (UtilityViewSet), so a page costs one query for all ZIPs.
        return sorted(z.zip_code for z in utility.zips.all())
