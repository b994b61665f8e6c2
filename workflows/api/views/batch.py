"""批量审批 over the API: POST tasks/batch-approve/, one call of batch_approval.services.approve_tasks.
A batch it refuses as a whole is 400; otherwise 200 with every task's result, refused ones with
the reason and the same code a single 通过 would have answered."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.batch_serializers import BatchApproveRequest, BatchResultSerializer
from workflows.api.views.common import JSON_ONLY, errors
from workflows.engine.batch_approval.services import approve_tasks


class TaskBatchApprove(APIView):
    # JSON only: a list of ids is what JSON says plainly (a form would turn every value into text).
    parser_classes = JSON_ONLY

    @extend_schema(
        operation_id="tasks_batch_approve", tags=["tasks"], summary=_("批量通过"), request={"application/json": BatchApproveRequest},
        description=_("以同一条审批意见通过同一流程、同一环节的多件待办，每件各自一个事务、按单件通过的全部规则办理"
                      "（可领取的待办在通过时认领）。某件不能通过时只跳过该件，results 逐件给出结果与原因；"
                      "不在您可见范围内的待办与不存在的一样答复 not_found。"
                      "整批拒绝（400）：没有待办、超过件数上限、分属不同环节、该环节不能批量通过（名单、评分、会议、填报等）。"),
        responses={200: BatchResultSerializer, **errors(400)},
    )
    def post(self, request):
        body = BatchApproveRequest(data=request.data)
        body.is_valid(raise_exception=True)
        result = approve_tasks(tasks=body.validated_data["tasks"], by=request.user,
                               comment=body.validated_data["comment"])
        return Response(BatchResultSerializer(result).data)
