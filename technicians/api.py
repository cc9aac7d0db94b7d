from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from registry.lib import text_fields
from technicians import selectors
from technicians.models import Certification, TechnicianProfile


class ActiveCertificationSerializer(text_fields.ModelSerializer):
    class Meta:
        model = Certification
        fields = ["cert_type", "effective_date", "expiry_date"]


class TechnicianLookupSerializer(text_fields.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name")
    company = serializers.CharField(source="company.name", default=None)
    certifications = ActiveCertificationSerializer(source="active_certifications", many=True)

    class Meta:
        model = TechnicianProfile
        fields = ["technician_id", "name", "company", "certifications"]


class TechnicianLookupFilter(text_fields.TextFilterSetMixin, filters.FilterSet):
    q = filters.CharFilter(method="search", label="Name, company or Technician ID")

    class Meta:
        model = TechnicianProfile
        fields = ["q"]

    def search(self, queryset, name, value):
        return selectors.search_technicians(queryset, value)


class TechnicianLookupViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Public look-up of active certified technicians: only active certifications are shown."""

    serializer_class = TechnicianLookupSerializer
    permission_classes = [AllowAny]
    lookup_field = "technician_id"
    filterset_class = TechnicianLookupFilter

    def get_queryset(self):
        return selectors.technician_lookup()
