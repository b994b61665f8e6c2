"""待办 over the API: list (mine, queue, done, todo), one task, and the acts on it. Every act is one
call of a workflows.engine.services function; its errors become 400/403/404/409."""

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.requests import (
    CommentSerializer,
    CommentWithFilesSerializer,
    RequiredCommentSerializer,
    RequiredCommentWithFilesSerializer,
    ResubmitSerializer,
    ResubmitWithFilesSerializer,
    ReturnSerializer,
    ReturnWithFilesSerializer,
    TaskListRequest,
)
from workflows.api.serializers import (
    DecisionSerializer,
    TaskDetailSerializer,
    TaskSerializer,
)
from workflows.api.views.common import districts_of, errors, queue_organisations
from workflows.engine import access, acts, services
from workflows.engine.models import Item
from workflows.engine.start.kinds import start_kind
from workflows.engine.start.services import revision
from workflows.engine.reading import selectors
from workflows.engine.reading.search import overdue_tasks
from workflows.engine.signing.panel_names import hidden_owners

TASK_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("待办编号"))
TASK_ORDERINGS = {
    "due_at": (F("deadline__due_at").asc(nulls_last=True), "created", "pk"),
    "created": ("created", "pk"),
    "-created": ("-created", "-pk"),
}


def tasks_for(user, which: str):
    if which == TaskListRequest.MINE:
        return selectors.my_tasks_queryset(user)
    if which == TaskListRequest.QUEUE:
        return selectors.queue_queryset(user)
    if which == TaskListRequest.DONE:
        return selectors.done_queryset(user)
    return selectors.my_tasks_queryset(user) | selectors.queue_queryset(user)


def task_rows(tasks, user, request, *, serializer=TaskSerializer, principals=frozenset()):
    """Serialized rows for these tasks, with their items, districts and queues in three queries.
    `principals`: whom `user` is proxy for, for a serializer that says what they may do."""
    entries = selectors.task_entries(tasks, user)
    context = {
        "request": request,
        "districts": districts_of([entry.item for entry in entries]),
        "organisations": queue_organisations(tasks),
        "hidden_owners": hidden_owners([entry.task for entry in entries], user),
        "principals": principals,
    }
    return serializer(entries, many=True, context=context).data


class TaskList(GenericAPIView):
    serializer_class = TaskSerializer

    @extend_schema(
        operation_id="tasks_list", tags=["tasks"], summary=_("待办、可领取、已办"),
        description=_("filter=todo（默认：我的和可领取）、mine（已认领或指定给我的）、queue（我所在单位可领取的）、done（我办结的）。"),
        parameters=[TaskListRequest], responses={200: TaskSerializer(many=True), **errors(400, 403, 404)},
    )
    def get(self, request):
        params = TaskListRequest(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        tasks = tasks_for(request.user, data["filter"]).select_related("owner", "deadline")
        if data.get("kind"):
            tasks = tasks.filter(process__item__kind=data["kind"])
        if data["overdue"] is not None:
            late = Q(pk__in=overdue_tasks().values("pk"))
            tasks = tasks.filter(late if data["overdue"] else ~late)
        tasks = tasks.order_by(*TASK_ORDERINGS[data["ordering"]])
        page = self.paginate_queryset(tasks)
        return self.get_paginated_response(task_rows(page, request.user, request))


def task_detail(pk, request):
    """One task with the acts the reader may perform on it now (access.offered)."""
    entry = selectors.get_task_for(request.user, pk)
    principals = access.principals_on_page(request.user, entry.item, [entry.task])
    return task_rows([entry.task], request.user, request, serializer=TaskDetailSerializer, principals=principals)[0]


class TaskDetail(APIView):
    @extend_schema(operation_id="tasks_retrieve", tags=["tasks"], summary=_("一条待办"), parameters=[TASK_ID],
                   responses={200: TaskDetailSerializer, **errors(403, 404)})
    def get(self, request, pk):
        return Response(task_detail(pk, request))


class _TaskClaim(APIView):
    act = None

    def post(self, request, pk):
        self.act(task=pk, by=request.user)
        return Response(task_detail(pk, request))


class TaskClaim(_TaskClaim):
    act = staticmethod(services.claim_task)

    @extend_schema(operation_id="tasks_claim", tags=["tasks"], summary=_("认领"), request=None, parameters=[TASK_ID],
                   description=_("从待办池认领，之后只有您可以办理。"),
                   responses={200: TaskDetailSerializer, **errors(403, 404, 409)})
    def post(self, request, pk):
        return super().post(request, pk)


class TaskUnclaim(_TaskClaim):
    act = staticmethod(services.unclaim_task)

    @extend_schema(operation_id="tasks_unclaim", tags=["tasks"], summary=_("取消认领（放回待办池）"), request=None,
                   parameters=[TASK_ID], responses={200: TaskDetailSerializer, **errors(403, 404, 409)})
    def post(self, request, pk):
        return super().post(request, pk)


class _Decide(APIView):
    """One decision of the task's step (workflows.engine.acts), through the one decide service: a
    JSON body, or multipart with attachments. The step refuses an act it does not offer."""

    act = None
    json_body = None
    files_body = None

    def decide_with(self, request, pk, data) -> dict:
        """decide's arguments from the checked body."""
        return data

    def post(self, request, pk):
        multipart = request.content_type.startswith("multipart/")
        body = (self.files_body if multipart else self.json_body)(data=request.data)
        body.is_valid(raise_exception=True)
        data = self.decide_with(request, pk, dict(body.validated_data))
        decision = services.decide(task=pk, by=request.user, act=self.act, **data)
        decision.item = Item.objects.select_related("organisation", "owner_department", "submitter").get(
            pk=decision.item_id).as_kind()
        context = {"request": request, "districts": districts_of([decision.item])}
        return Response(DecisionSerializer(decision, context=context).data, status=status.HTTP_200_OK)


def _decide_schema(view, operation_id, summary, description):
    """Document one act's post(): a function of its own, so that each act's schema stays its own."""

    def post(self, request, pk):
        return _Decide.post(self, request, pk)

    view.post = extend_schema(
        operation_id=operation_id, tags=["tasks"], summary=summary, description=description, parameters=[TASK_ID],
        request={"application/json": view.json_body, "multipart/form-data": view.files_body},
        responses={200: DecisionSerializer, **errors(400, 403, 404, 409)},
    )(post)


class TaskApprove(_Decide):
    act = acts.APPROVE
    json_body, files_body = CommentSerializer, CommentWithFilesSerializer


class TaskReturn(_Decide):
    act = acts.RETURN
    json_body, files_body = ReturnSerializer, ReturnWithFilesSerializer


class TaskReject(_Decide):
    act = acts.REJECT
    json_body, files_body = RequiredCommentSerializer, RequiredCommentWithFilesSerializer


class TaskResubmit(_Decide):
    """重新提交: the kind's fields (title, fields) are written under the decision's lock, the files
    become 申报材料 in `slot`."""

    act = acts.RESUBMIT
    json_body, files_body = ResubmitSerializer, ResubmitWithFilesSerializer

    def decide_with(self, request, pk, data):
        title, fields = data.pop("title", None), data.pop("fields", {})
        item = selectors.get_task_for(request.user, pk).item
        kind = start_kind(item.kind)
        if kind is not None:
            data["apply_changes"] = revision(kind, title=title, fields=kind.clean_fields(fields, item=item))
        elif title is not None or fields:
            raise ValidationError({"fields": ValidationError(_("此类事项不能在重新提交时修改字段。"), code="invalid")})
        return data


_decide_schema(TaskApprove, "tasks_approve", _("通过"), _("办理并流转到下一步；待办池中的待办同时被认领。"))
_decide_schema(TaskReturn, "tasks_return", _("退回"),
               _("退回到本步骤声明的某个前序步骤（to，见 return_targets），必须填写审批意见。"))
_decide_schema(TaskReject, "tasks_reject", _("驳回"), _("驳回并结束事项，必须填写审批意见。"))
_decide_schema(TaskResubmit, "tasks_resubmit", _("重新提交"),
               _("申报人修改后重新提交，回到退回本事项的步骤；comment 为修改说明。"))
