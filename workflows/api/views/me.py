from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.serializers import MeSerializer
from workflows.api.views.common import errors


class MeView(APIView):
    @extend_schema(
        operation_id="me", tags=["me"], summary=_("当前用户与其角色"),
        responses={200: MeSerializer, **errors(403)},
    )
    def get(self, request):
        user = request.user
        grants = user.active_grants().select_related("organisation").order_by("organisation__path", "role")
        return Response(MeSerializer({
            "id": user.pk, "username": user.username, "full_name": user.get_full_name(), "email": user.email,
            "roles": list(grants),
        }).data)
