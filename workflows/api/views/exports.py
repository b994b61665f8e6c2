"""导出任务 over the API: start a background export of a list (its filters and sort, in one's
scope now), read its progress, download its file. The rules are the pages'
(workflows.engine.exports.rules): a job is its owner's alone, anyone else gets 404."""

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.export_serializers import ExportJobSerializer, ExportStartRequest
from workflows.api.views.common import JSON_ONLY, errors
from workflows.api.views.files import AnyAccept
from workflows.engine.exports import rules, services
from workflows.web.exports import background
from workflows.web.exports.workbook import XLSX

JOB_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("导出任务编号"))
TAGS = ["exports"]


class ExportJobList(GenericAPIView):
    serializer_class = ExportJobSerializer
    # JSON only: `filters` is an object, which a form body cannot say (a multipart field named
    # filters was read as some other dict, accepting what the schema refuses); a form is 415.
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="exports_list", tags=TAGS, summary=_("我的导出任务"),
                   description=_("您的后台导出任务，最新的在前。"),
                   responses={200: ExportJobSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        page = self.paginate_queryset(rules.my_jobs(request.user))
        return self.get_paginated_response(ExportJobSerializer(page, many=True).data)

    @extend_schema(operation_id="exports_create", tags=TAGS, summary=_("后台导出 Excel"),
                   description=_("按列表（待办、可领取、已办、事项查询）当前的筛选与排序，在后台生成 .xlsx。"
                                 "记录在此刻按您的可见范围确定；同一列表同样条件的任务正在进行时返回该任务（200）。"),
                   request=ExportStartRequest,
                   responses={202: ExportJobSerializer, 200: ExportJobSerializer, **errors(400, 404)})
    def post(self, request):
        body = ExportStartRequest(data=request.data)
        body.is_valid(raise_exception=True)
        job, created = background.start(user=request.user, name=body.validated_data["list"],
                                        params=body.validated_data["filters"])
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)


class ExportJobDetail(APIView):
    @extend_schema(operation_id="exports_read", tags=TAGS, summary=_("导出任务进度"),
                   description=_("状态与进度（已处理/总数）；完成后 file_url 给出下载地址。"),
                   parameters=[JOB_ID], responses={200: ExportJobSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(ExportJobSerializer(rules.job_for(request.user, pk)).data)


class ExportJobFile(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="exports_file", tags=TAGS, summary=_("下载导出文件"),
                   description=_("仅导出人本人可下载，其他任何人 404；未完成或已过期时 409。"),
                   parameters=[JOB_ID],
                   responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description=_("Excel 文件")),
                              **errors(404, 409)})
    def get(self, request, pk):
        job, handle = services.download(job=pk, by=request.user)
        return FileResponse(handle, as_attachment=True, filename=job.file_name, content_type=XLSX)
