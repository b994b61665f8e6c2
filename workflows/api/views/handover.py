"""转办, 委派 and 抄送 over the API: whom a task may go to, the acts, and 抄送我的. Every act is one
call of a workflows.engine.services function; its errors become 400/403/404/409."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.requests import (
    CandidatesRequest,
    CarbonCopyRequestSerializer,
    CommentSerializer,
    HandOverSerializer,
    RequiredCommentSerializer,
)
from workflows.api.serializers import (
    CandidateSerializer,
    CarbonCopySerializer,
    TaskSerializer,
)
from workflows.api.views.common import districts_of, errors
from workflows.api.views.people import CandidatesView
from workflows.api.views.tasks import TASK_ID, task_rows
from workflows.engine import services
from workflows.engine.carbon_copy import rules as carbon_copy
from workflows.engine.reading import selectors
from workflows.engine.signing import services as signing


class TaskCandidates(CandidatesView):
    query_class = CandidatesRequest

    @extend_schema(operation_id="tasks_candidates", tags=["tasks"], summary=_("可选的接收人"),
                   description=_("act=transfer/delegate：可转办或委派给谁（同一单位担任该步骤所需角色的人员）；"
                                 "act=cc：可抄送给谁；act=signer：可加签谁（多人办理步骤的人员范围内，依次审批或或签的成员）。"
                                 "q 按姓名搜索，只在这些人中查找。只有此待办的办理人可以查看。"),
                   parameters=[TASK_ID, CandidatesRequest],
                   responses={200: CandidateSerializer(many=True), **errors(400, 403, 404, 409)})
    def get(self, request, pk):
        query = self.read_query(request)
        if query["act"] == "signer":
            task, item, _principal = selectors.acting_on(request.user, pk)
            return self.answer(signing.member_candidates(task, item), query)
        return self.answer(selectors.candidates_for(request.user, pk, query["act"]), query)


class _TaskAct(APIView):
    """An act on a task that answers with the task as the caller sees it afterwards."""

    act = None
    body = None

    def post(self, request, pk):
        body = self.body(data=request.data)
        body.is_valid(raise_exception=True)
        self.act(task=pk, by=request.user, **body.validated_data)
        entry = selectors.get_task_for(request.user, pk)
        return Response(task_rows([entry.task], request.user, request)[0])


def _act_schema(view, operation_id, summary, description):
    """Document one act's post() (a function of its own, so each act's schema stays its own)."""

    def post(self, request, pk):
        return _TaskAct.post(self, request, pk)

    view.post = extend_schema(
        operation_id=operation_id, tags=["tasks"], summary=summary, description=description, parameters=[TASK_ID],
        request=view.body, responses={200: TaskSerializer, **errors(400, 403, 404, 409)},
    )(post)


class TaskTransfer(_TaskAct):
    act, body = staticmethod(services.transfer_task), HandOverSerializer


class TaskDelegate(_TaskAct):
    act, body = staticmethod(services.delegate_task), HandOverSerializer


class TaskHandBack(_TaskAct):
    act, body = staticmethod(services.complete_delegation), RequiredCommentSerializer


class TaskRecall(_TaskAct):
    act, body = staticmethod(services.recall_delegation), CommentSerializer


_act_schema(TaskTransfer, "tasks_transfer", _("转办"),
            _("办理人把待办交给同一单位担任该步骤所需角色的另一人，由其办理；提醒随之转给新办理人。"))
_act_schema(TaskDelegate, "tasks_delegate", _("委派"),
            _("办理人请另一人先办理；受委派人只能填写意见后交回（hand-back），由原办理人决定。委派期间原办理人不能办理，可以收回（recall）。"))
_act_schema(TaskHandBack, "tasks_hand_back", _("交回委派"), _("受委派人填写意见（必填）后交回原办理人。"))
_act_schema(TaskRecall, "tasks_recall", _("收回委派"), _("原办理人在受委派人交回之前收回待办。"))


class TaskCarbonCopy(APIView):
    @extend_schema(operation_id="tasks_cc", tags=["tasks"], summary=_("抄送"), parameters=[TASK_ID],
                   description=_("办理人把事项抄送给相关人员知悉：他们可以查看事项并收到通知，但不能办理。"),
                   request=CarbonCopyRequestSerializer,
                   responses={201: CarbonCopySerializer(many=True), **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        body = CarbonCopyRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # The rows come back with their item, task and sender already attached (one item for all).
        copies = services.cc_task(task=pk, by=request.user, **body.validated_data)
        return Response(_copy_rows(copies, request), status=status.HTTP_201_CREATED)


class CopiedToMe(GenericAPIView):
    serializer_class = CarbonCopySerializer

    @extend_schema(operation_id="cc_list", tags=["items"], summary=_("抄送我的"),
                   description=_("抄送给当前用户的事项，最近的在前。"),
                   responses={200: CarbonCopySerializer(many=True), **errors(400, 403, 404)})
    def get(self, request):
        page = self.paginate_queryset(carbon_copy.copied_to(request.user))
        return self.get_paginated_response(_copy_rows(page, request))


def _copy_rows(copies, request):
    """Serialized copies, their items as their kinds and districts in one more query."""
    for copy in copies:
        copy.item = copy.item.as_kind()
    context = {"request": request, "districts": districts_of([copy.item for copy in copies])}
    return CarbonCopySerializer(copies, many=True, context=context).data
