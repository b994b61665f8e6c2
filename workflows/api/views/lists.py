"""名单 over the API: the items waiting for the reader's list (per list step) and signing one —
the district's 推荐名单 or the department's 决定名单, ranked, within the campaign's quota. One
call of workflows.engine.lists.step.act_on_list, whose rules decide; its errors become
400/403/404/409. JSON only, like every body that carries a list. A signed list's 推荐汇总表
(JSON and PDF) and its stamped scan (multipart upload, download): workflows.engine.lists.summary."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.list_serializers import (
    ListActSerializer,
    ListSummarySerializer,
    ScanUploadSerializer,
    SignSerializer,
    WaitingStepSerializer,
)
from workflows.api.views.common import JSON_ONLY, errors
from workflows.api.views.files import AnyAccept
from workflows.engine.exceptions import NotFound
from workflows.engine.files.uploads import attachment_response
from workflows.engine.lists import selectors, summary
from workflows.engine.lists.models import ListAct
from workflows.engine.lists.step import act_on_list
from workflows.engine.lists.summary_pdf import render_summary

TAGS = ["lists"]
LIST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("名单编号"))


class ListCollection(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="lists_waiting", tags=TAGS, summary=_("待列入名单的事项"),
                   description=_("按名单步骤和申报批次列出等待本人签署名单的事项（本人的待办及可领取的），及该名单的名额和尚余名额。"),
                   responses={200: WaitingStepSerializer(many=True), **errors(404)})
    def get(self, request):
        rows = [{"step": selectors.step_ref(waiting.step), "title": str(waiting.step.task_title),
                 "campaign": waiting.campaign.pk if waiting.campaign else None, "quota": waiting.quota,
                 "left": waiting.left, "items": waiting.entries}
                for waiting in selectors.waiting_lists(request.user)]
        return Response(WaitingStepSerializer(rows, many=True).data)

    @extend_schema(operation_id="lists_sign", tags=TAGS, summary=_("签署名单"),
                   description=_("一次通过名单上的全部事项，按顺序排名；须能办理每个事项在该步骤的待办，"
                                 "事项须属同一单位、同一申报批次，且不超出名额。"),
                   request=SignSerializer, responses={201: ListActSerializer, **errors(400, 403, 404, 409)})
    def post(self, request):
        body = SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        step = selectors.step_named(data["step"])
        if step is None:
            raise NotFound(_("没有这个名单步骤。"))
        list_act = act_on_list(step=step, items=data["items"], by=request.user, comment=data["comment"])
        list_act = ListAct.objects.prefetch_related("members__item").get(pk=list_act.pk)
        return Response(ListActSerializer(list_act).data, status=status.HTTP_201_CREATED)


class ListSummary(APIView):
    @extend_schema(operation_id="lists_summary", tags=TAGS, summary=_("推荐汇总表"), parameters=[LIST_ID],
                   description=_("已签署名单的汇总：排名、学校、区县、得分（如有）、签发人与日期，以及盖章扫描件是否已上传。"
                                 "签署单位和批次主管处室可见，其他人 404。"),
                   responses={200: ListSummarySerializer, **errors(404)})
    def get(self, request, pk):
        return Response(ListSummarySerializer(summary.summary_of(summary.list_for(request.user, pk))).data)


class ListSummaryPdf(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="lists_summary_pdf", tags=TAGS, summary=_("下载推荐汇总表PDF"), parameters=[LIST_ID],
                   responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("PDF文件")),
                              **errors(404)})
    def get(self, request, pk):
        list_act = summary.list_for(request.user, pk)
        response = HttpResponse(render_summary(summary.summary_of(list_act)), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="list-{list_act.pk}.pdf"'
        return response


class ListScanFile(APIView):
    parser_classes = [MultiPartParser]
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="lists_scan_download", tags=TAGS, summary=_("下载盖章扫描件"), parameters=[LIST_ID],
                   responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY,
                                                                                 description=_("扫描件")),
                              **errors(404)})
    def get(self, request, pk):
        scan = summary.summary_of(summary.list_for(request.user, pk)).scan
        if scan is None:
            raise NotFound(_("该名单还没有上传盖章扫描件。"))
        return attachment_response(scan)

    @extend_schema(operation_id="lists_scan_upload", tags=TAGS, summary=_("上传盖章扫描件"), parameters=[LIST_ID],
                   description=_("签署名单的区县上传盖章后的推荐汇总表（PDF或图片，按内容检查）；再次上传即替换，"
                                 "原件留存。其他单位 403，看不到该名单的 404。"),
                   request={"multipart/form-data": ScanUploadSerializer},
                   responses={201: ListSummarySerializer, **errors(400, 403, 404)})
    def post(self, request, pk):
        summary.list_for(request.user, pk)
        body = ScanUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        summary.upload_scan(list_act=pk, by=request.user, upload=body.validated_data["file"])
        found = summary.summary_of(summary.list_for(request.user, pk))
        return Response(ListSummarySerializer(found).data, status=status.HTTP_201_CREATED)
