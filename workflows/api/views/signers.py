"""加签 / 减签 over the API: one call of services.add_signer / remove_signer each; the answer is
the step's members as they are now."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.requests import AddSignerRequest, RemoveSignerRequest
from workflows.api.serializers import SignGroupSerializer
from workflows.api.views.common import errors
from workflows.api.views.tasks import TASK_ID
from workflows.engine import services
from workflows.engine.signing_models import Signer

ERRORS = errors(400, 403, 404, 409)


def group_data(group):
    group.member_rows = list(Signer.objects.filter(group=group).select_related("user", "decision"))
    return SignGroupSerializer(group).data


class TaskAddSigner(APIView):
    @extend_schema(
        operation_id="tasks_add_signer", tags=["tasks"], summary=_("加签"), parameters=[TASK_ID],
        request=AddSignerRequest, responses={200: SignGroupSerializer, **ERRORS},
        description=_("本人的多人办理待办中加入一人：依次审批中 before 表示对方先办再回到本人，after 表示紧随本人之后；"
                      "会签、或签、多数通过中直接加入。已在步骤中、申报人本人或不在人员范围内的，返回 400。"),
    )
    def post(self, request, pk):
        body = AddSignerRequest(data=request.data)
        body.is_valid(raise_exception=True)
        signer = services.add_signer(task=pk, by=request.user, **body.validated_data)
        return Response(group_data(signer.group))


class TaskRemoveSigner(APIView):
    @extend_schema(
        operation_id="tasks_remove_signer", tags=["tasks"], summary=_("减签"), parameters=[TASK_ID],
        request=RemoveSignerRequest, responses={200: SignGroupSerializer, **ERRORS},
        description=_("从本人的多人办理步骤中去掉一位尚未办理的成员；已办理的、本人、或多数通过中减签后无法达到通过人数的，返回 400。"),
    )
    def post(self, request, pk):
        body = RemoveSignerRequest(data=request.data)
        body.is_valid(raise_exception=True)
        signer = services.remove_signer(task=pk, by=request.user, **body.validated_data)
        return Response(group_data(signer.group))
