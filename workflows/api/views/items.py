"""Items over the API: search and filters, one item, its timeline, withdrawal, its files."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.models import Task

from core.audit.selectors import events_for
from workflows.api.requests import CommentSerializer, ItemListRequest, UploadSerializer
from workflows.api.serializers import (
    AttachmentSerializer,
    HistoryEventSerializer,
    ItemDetailSerializer,
    ItemSerializer,
)
from workflows.api.views.common import districts_of, errors
from workflows.engine import services
from workflows.engine.models import OPEN
from workflows.engine.reading import selectors
from workflows.engine.reading.search import overdue_tasks, search_items, with_overdue
from workflows.engine.signing.panel_names import PanelNames, hidden_owners

ITEM_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("事项编号（id，不是 ref_no）"))
RELATED = ("organisation", "owner_department", "submitter")


def item_data(item, request, serializer=ItemSerializer, **context):
    context.update(request=request, districts=districts_of([item]))
    return serializer(item, context=context).data


class ItemList(GenericAPIView):
    serializer_class = ItemSerializer

    @extend_schema(
        operation_id="items_list", tags=["items"], summary=_("查找事项"),
        description=_("只返回您可见范围内的事项。q 按编号、学校名称、标题或申报人查找（空格分隔的词都须匹配）。"),
        parameters=[ItemListRequest], responses={200: ItemSerializer(many=True), **errors(400, 403, 404)},
    )
    def get(self, request):
        params = ItemListRequest(data=request.query_params)
        params.is_valid(raise_exception=True)
        items = with_overdue(search_items(selectors.visible_items(request.user).select_related(*RELATED),
                                          params.filters()))
        page = [item.as_kind() for item in self.paginate_queryset(items)]
        data = ItemSerializer(page, many=True, context={"request": request, "districts": districts_of(page)}).data
        return self.get_paginated_response(data)


class ItemDetail(APIView):
    @extend_schema(operation_id="items_retrieve", tags=["items"], summary=_("事项详情"), parameters=[ITEM_ID],
                   responses={200: ItemDetailSerializer, **errors(403, 404)})
    def get(self, request, pk):
        item = selectors.get_item_for(request.user, pk)
        item.is_overdue = overdue_tasks().filter(process__artifact_object_id=item.pk).exists()
        open_tasks = list(
            Task.objects.filter(process__item=item, flow_task_type=selectors.HUMAN, status__in=OPEN)
            .select_related("owner", "process").order_by("created", "pk")
        )
        return Response(item_data(item, request, ItemDetailSerializer, open_tasks=open_tasks,
                                  hidden_owners=hidden_owners(open_tasks, request.user)))


class ItemHistory(GenericAPIView):
    serializer_class = HistoryEventSerializer

    @extend_schema(operation_id="items_history", tags=["items"], summary=_("时间线（审计记录）"), parameters=[ITEM_ID],
                   description=_("事项的全部审计事件，按发生顺序：谁、何时、意见、代理谁办理。"),
                   responses={200: HistoryEventSerializer(many=True), **errors(403, 404)})
    def get(self, request, pk):
        item = selectors.get_item_for(request.user, pk)
        page = self.paginate_queryset(events_for(item))
        names = PanelNames(request.user, item)
        return self.get_paginated_response(HistoryEventSerializer(page, many=True, context={"names": names}).data)


class ItemWithdraw(APIView):
    @extend_schema(operation_id="items_withdraw", tags=["items"], summary=_("撤回"), parameters=[ITEM_ID],
                   description=_("申报人在审批人作出决定前撤回，须填写撤回原因（comment）；流程随之取消。"
                                 "撤回后可用 reopen 重新编辑。"), request=CommentSerializer,
                   responses={200: ItemSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.withdraw_item(item=pk, by=request.user, comment=body.validated_data["comment"])
        return Response(item_data(selectors.visible_items(request.user).select_related(*RELATED)
                                  .get(pk=item.pk).as_kind(), request))


class ItemReopen(APIView):
    @extend_schema(operation_id="items_reopen", tags=["items"], summary=_("重新编辑（撤回后）"), parameters=[ITEM_ID],
                   description=_("仅申报人，且事项已撤回：事项变回草稿，修改后可再次提交（新的流程）。"), request=None,
                   responses={200: ItemSerializer, **errors(403, 404, 409)})
    def post(self, request, pk):
        item = services.reopen_item(item=pk, by=request.user)
        return Response(item_data(selectors.visible_items(request.user).select_related(*RELATED)
                                  .get(pk=item.pk).as_kind(), request))


class ItemFiles(GenericAPIView):
    serializer_class = AttachmentSerializer

    @extend_schema(operation_id="items_files_list", tags=["files"], summary=_("事项的附件"), parameters=[ITEM_ID],
                   description=_("申报材料与审批意见附件（含已替换、已删除的，removed_at 不为空）。"),
                   responses={200: AttachmentSerializer(many=True), **errors(400, 403, 404)})
    def get(self, request, pk):
        item = selectors.get_item_for(request.user, pk)
        attachments = item.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")
        page = self.paginate_queryset(attachments)
        names = PanelNames(request.user, item)
        return self.get_paginated_response(AttachmentSerializer(page, many=True, context={"names": names}).data)

    @extend_schema(operation_id="items_files_upload", tags=["files"], summary=_("上传申报材料"), parameters=[ITEM_ID],
                   description=_("仅申报人，且事项为草稿或退回修改时。文件类型按内容检查（PDF、图片、Office、WPS、OFD），"
                                 "大小不超过上限；存储名由服务器生成，原文件名仅用于显示。"),
                   request={"multipart/form-data": UploadSerializer},
                   responses={201: AttachmentSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        body = UploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = services.add_evidence(
            item=pk, by=request.user, slot=body.validated_data["slot"], upload=body.validated_data["file"],
            expected_version=body.validated_data.get("expected_version"),
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
