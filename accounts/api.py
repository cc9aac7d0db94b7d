from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import roles_of
from registry.lib import text_fields


class MeSerializer(text_fields.Serializer):
    username = serializers.CharField()
    email = serializers.EmailField()
    roles = serializers.ListField(child=serializers.CharField())
    utility = serializers.CharField(allow_null=True)


class MeView(APIView):
    """The signed-in user and the roles the registry gives them."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "username": user.username,
            "email": user.email,
            "roles": sorted(roles_of(user)),
            "utility": user.utility.name if user.utility_id else None,
        }
        return Response(MeSerializer(data).data)
