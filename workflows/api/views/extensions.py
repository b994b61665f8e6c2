"""延期申请 over the API: ask on a task, grant or refuse a request, and list the requests I may
decide or made. Every act is one call of workflows.engine.deadlines.extension_services; its errors become
400/403/404/409."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.extension_serializers import (
    ExtensionAskSerializer,
    ExtensionGrantSerializer,
    ExtensionListRequest,
    ExtensionRefuseSerializer,
    ExtensionSerializer,
)
from workflows.api.views.common import errors
from workflows.api.views.tasks import TASK_ID
from workflows.engine.deadlines.extension_models import ExtensionRequest
from workflows.engine.deadlines.extension_selectors import (
    RELATED,
    DecisionRights,
    extensions_for,
)
from workflows.engine.deadlines.extension_services import (
    grant_extension,
    refuse_extension,
    request_extension,
)

EXTENSION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("延期申请编号"))
TAGS = ["extensions"]


def extension_data(pk, request, *, status_code=status.HTTP_200_OK) -> Response:
    """The request as the acting user now sees it (after the act: its state and may_decide)."""
    extension = ExtensionRequest.objects.with_state().select_related(*RELATED).get(pk=pk)
    context = {"request": request, "rights": DecisionRights(request.user)}
    return Response(ExtensionSerializer(extension, context=context).data, status=status_code)


class ExtensionList(GenericAPIView):
    serializer_class = ExtensionSerializer

    @extend_schema(
        operation_id="extensions_list", tags=TAGS, summary=_("延期申请"),
        description=_("filter=decide：待我审批的（未审批、待办仍在办理中）；filter=mine：我提出的（各种状态）；不填：两者。"),
        parameters=[ExtensionListRequest], responses={200: ExtensionSerializer(many=True), **errors(400, 403, 404)},
    )
    def get(self, request):
        params = ExtensionListRequest(data=request.query_params)
        params.is_valid(raise_exception=True)
        rights = DecisionRights(request.user)
        page = self.paginate_queryset(extensions_for(request.user, params.validated_data.get("filter", ""), rights))
        data = ExtensionSerializer(page, many=True, context={"request": request, "rights": rights}).data
        return self.get_paginated_response(data)


class TaskExtension(APIView):
    @extend_schema(
        operation_id="tasks_extension", tags=["tasks"], summary=_("申请延期"), parameters=[TASK_ID],
        description=_("待办的办理人（须已认领）为有期限的待办申请延期：填写希望延至的日期和理由。每个待办同时只能有一份待审批的申请；"
                      "由步骤规定的审批人（默认主管处室审核员，市局步骤为处室负责人）审批。"),
        request=ExtensionAskSerializer, responses={201: ExtensionSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        body = ExtensionAskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        extension = request_extension(task=pk, by=request.user, **body.validated_data)
        return extension_data(extension.pk, request, status_code=status.HTTP_201_CREATED)


class _Decide(APIView):
    """Grant or refuse: validate the body, call the service, answer with the request as it is now."""

    act = None
    body_class = None

    def post(self, request, pk):
        body = self.body_class(data=request.data)
        body.is_valid(raise_exception=True)
        self.act(extension=pk, by=request.user, **body.validated_data)
        return extension_data(pk, request)


class ExtensionGrant(_Decide):
    act = staticmethod(grant_extension)
    body_class = ExtensionGrantSerializer

    @extend_schema(
        operation_id="extensions_grant", tags=TAGS, summary=_("同意延期"), parameters=[EXTENSION_ID],
        description=_("审批人同意：期限改为 due_date（不填则为申请的日期）当日17:30，到期提醒和超期督办随之重新安排。"),
        request=ExtensionGrantSerializer, responses={200: ExtensionSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        return super().post(request, pk)


class ExtensionRefuse(_Decide):
    act = staticmethod(refuse_extension)
    body_class = ExtensionRefuseSerializer

    @extend_schema(
        operation_id="extensions_refuse", tags=TAGS, summary=_("不同意延期"), parameters=[EXTENSION_ID],
        description=_("审批人不同意，必须填写审批意见；期限不变。"),
        request=ExtensionRefuseSerializer, responses={200: ExtensionSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        return super().post(request, pk)
