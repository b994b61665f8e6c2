"""加签 / 减签 over the API: one service call each; the answer is the step's members as they are
now. A member's acts name their task (依次 and 或签 only); the step owner's (the owning
department: add, remove, replace by a new draw) name the step."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.requests import (
    AddSignerRequest,
    PeopleQuery,
    RedrawSignerRequest,
    RemoveSignerRequest,
    StepAddSignerRequest,
)
from workflows.api.serializers import CandidateSerializer, SignGroupSerializer
from workflows.api.views.common import errors
from workflows.api.views.people import CandidatesView
from workflows.api.views.tasks import TASK_ID
from workflows.engine import services
from workflows.engine.signing.models import Signer

ERRORS = errors(400, 403, 404, 409)
STEP_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("多人办理步骤编号（SignGroup）"))


def group_data(group):
    group.member_rows = list(Signer.objects.filter(group=group).select_related("user", "decision"))
    return SignGroupSerializer(group).data


class TaskAddSigner(APIView):
    @extend_schema(
        operation_id="tasks_add_signer", tags=["tasks"], summary=_("加签"), parameters=[TASK_ID],
        request=AddSignerRequest, responses={200: SignGroupSerializer, **ERRORS},
        description=_("本人的依次审批或或签待办中加入一人：依次审批中 before 表示对方先办再回到本人，after 表示紧随本人之后；"
                      "或签中直接加入。会签、多数通过及抽取产生的步骤，成员只能由主管处室调整，返回 403。"
                      "已在步骤中、申报人本人或不在人员范围内的，返回 400。"),
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
        description=_("撤回本人在依次审批或或签中加签的、尚未办理的人员；减签其他成员，或在会签、多数通过中减签，返回 403；"
                      "已办理的、本人、低于步骤最少人数的，返回 400。"),
    )
    def post(self, request, pk):
        body = RemoveSignerRequest(data=request.data)
        body.is_valid(raise_exception=True)
        signer = services.remove_signer(task=pk, by=request.user, **body.validated_data)
        return Response(group_data(signer.group))


def _step_view(name, summary, description, request_class, act):
    """An owner's act on a step: one service call, the step's members as the answer."""

    class StepAct(APIView):
        @extend_schema(operation_id=name, tags=["tasks"], summary=summary, parameters=[STEP_ID],
                       request=request_class, responses={200: SignGroupSerializer, **ERRORS}, description=description)
        def post(self, request, pk):
            body = request_class(data=request.data)
            body.is_valid(raise_exception=True)
            signer = act(group=pk, by=request.user, **body.validated_data)
            return Response(group_data(signer.group))

    StepAct.__name__ = StepAct.__qualname__ = "".join(part.title() for part in name.split("_"))
    return StepAct


StepAddSigner = _step_view(
    "sign_steps_add_signer", _("主管处室加签"),
    _("主管处室（事项主管处室的审核人员或负责人）在进行中的多人办理步骤中加入一人：依次审批中排在最后，其他方式中直接加入。"
      "抽取产生的步骤不能指定人员（400 drawn_panel，请用重新抽取）；其他人返回 403。"),
    StepAddSignerRequest, services.add_signer_to_step,
)
StepRemoveSigner = _step_view(
    "sign_steps_remove_signer", _("主管处室减签"),
    _("主管处室从进行中的多人办理步骤中去掉一位尚未办理的成员；已办理的、低于步骤最少人数的、最后一位待办理的、"
      "或多数通过中减签后无法达到通过人数的，返回 400；其他人返回 403。"),
    RemoveSignerRequest, services.remove_signer_from_step,
)
StepRedrawSigner = _step_view(
    "sign_steps_redraw_signer", _("重新抽取替换成员"),
    _("主管处室以重新抽取的一人替换抽取产生的步骤中一位尚未办理的成员：按同样的回避规则抽取，曾在本步骤中的人员不会再被抽中；"
      "答复中新成员 added_by 为操作人。人员已抽完的返回 400 pool_exhausted；其他人返回 403。"),
    RedrawSignerRequest, services.redraw_signer,
)


class StepCandidates(CandidatesView):
    @extend_schema(
        operation_id="sign_steps_candidates", tags=["tasks"], summary=_("主管处室可加签的人员"), parameters=[STEP_ID, PeopleQuery],
        responses={200: CandidateSerializer(many=True), **errors(400, 403, 404, 409)},
        description=_("主管处室在进行中的多人办理步骤中可以加入的人：步骤人员范围内、尚不是成员、不是申报人本人的人员；"
                      "抽取产生的步骤为空（请用重新抽取）。q 按姓名搜索，只在这些人中查找。其他人返回 403。"),
    )
    def get(self, request, pk):
        return self.answer(services.step_candidates(group=pk, by=request.user), self.read_query(request))
