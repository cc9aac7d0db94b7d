"""Utilities over the REST API (/api/v1/utilities/): the electric utilities and the ZIP codes
they serve (spec §6), for any signed-in user — the same list job entry offers by ZIP."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from utilities.models import Utility
from utilities.serializers import UtilitySerializer


@extend_schema_view(list=extend_schema(summary="Electric utilities and the ZIP codes they serve"))
class UtilityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every utility, by name: its program administrator (``bpa`` or ``energy_trust``; Energy
    Trust customers are not served by BPA) and its territory's ZIP codes."""

    # Energy Trust customers are not served by BPA: seed 000 L59.

    serializer_class = UtilitySerializer
    # Names are unique (case-insensitively), so the order is stable across pages.
    queryset = Utility.objects.order_by("name").prefetch_related("zips")
