"""催办 over the API: one call of workflows.engine.services.urge_task."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.views.common import errors
from workflows.api.views.tasks import TASK_ID
from workflows.engine import services
from workflows.engine.urging import rules as urging
from workflows.engine.urging.services import URGE_NOTE_MAX


class UrgeRequest(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=URGE_NOTE_MAX, default="",
                                    help_text=_("催办留言"))


class UrgeSerializer(serializers.Serializer):
    task = serializers.IntegerField(help_text=_("待办编号"))
    urged_at = serializers.DateTimeField(help_text=_("催办时间"))
    recipients = serializers.IntegerField(help_text=_("收到催办的人数"))
    next_allowed_at = serializers.DateTimeField(help_text=_("您可再次催办此待办的时间"))


class TaskUrge(APIView):
    @extend_schema(operation_id="tasks_urge", tags=["tasks"], summary=_("催办"), parameters=[TASK_ID],
                   description=_("提醒当前办理人（已认领的办理人，或待办池中的每个人）尽快办理。申报人、办理人所在单位或其上级"
                                 "单位的负责人、主管处室的审核员和负责人可以催办；每人对同一待办在间隔时间（默认24小时）内只能"
                                 "催办一次，过早再催返回 409，next_allowed_at 给出可再次催办的时间。"),
                   request=UrgeRequest, responses={200: UrgeSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        body = UrgeRequest(data=request.data)
        body.is_valid(raise_exception=True)
        event = services.urge_task(task=pk, by=request.user, comment=body.validated_data["comment"])
        return Response(UrgeSerializer({
            "task": pk, "urged_at": event.created_at, "recipients": len(event.data["recipients"]),
            "next_allowed_at": event.created_at + urging.interval(),
        }).data)
