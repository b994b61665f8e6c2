"""数据导入 over the API: a kind's template, upload (the dry run, or a job queued for a worker),
a job's progress and report, confirm. The rules are the pages' (core.imports): a job is its
owner's (and the administrators'), anyone else gets 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.imports import registry, services
from core.imports.models import ImportJob
from core.imports.permissions import importable_kinds
from core.imports.selectors import visible_jobs
from core.imports.template import workbook_bytes
from core.imports.views import XLSX
from core.orgs.models import Organisation
from workflows.api.views.common import errors
from workflows.api.views.files import AnyAccept

JOB_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("导入任务编号"))
KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, description=_("导入类型：schools、people、experts"))
TAGS = ["imports"]


class CellErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("Excel 行号"))
    column = serializers.CharField(help_text=_("列名"))
    message = serializers.CharField(help_text=_("问题"))


class ImportJobSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True, help_text=_("导入类型名称"))
    state_label = serializers.CharField(source="get_state_display", read_only=True, help_text=_("状态名称"))
    done = serializers.IntegerField(source="checked", read_only=True, help_text=_("已检查的行数"))
    percent = serializers.IntegerField(read_only=True, help_text=_("进度百分比"))
    errors = CellErrorSerializer(many=True, read_only=True, help_text=_("错误（最多列出500处）"))
    summary = serializers.DictField(child=serializers.IntegerField(), read_only=True,
                                    help_text=_("created / updated / unchanged：将要或已经新增、更新、不变的条数"))
    reason = serializers.CharField(source="reason_text", read_only=True, help_text=_("失败原因"))

    class Meta:
        model = ImportJob
        fields = ["id", "kind", "kind_label", "scope", "file_name", "state", "state_label", "total", "done",
                  "percent", "error_count", "errors", "summary", "reason", "created_at", "finished_at"]
        read_only_fields = fields


class ImportUploadRequest(serializers.Serializer):
    kind = serializers.CharField(help_text=_("导入类型：schools、people、experts"))
    file = serializers.FileField(help_text=_("按模板填写的 .xlsx 文件"))
    scope = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), required=False, allow_null=True,
                                               help_text=_("导入到哪个处室（评审专家）；学校、人员不填"))


class ImportJobList(GenericAPIView):
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="imports_list", tags=TAGS, summary=_("导入任务"),
                   description=_("您的导入任务（系统管理员：全部），最新的在前。"),
                   responses={200: ImportJobSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        page = self.paginate_queryset(visible_jobs(request.user))
        return self.get_paginated_response(ImportJobSerializer(page, many=True).data)

    @extend_schema(operation_id="imports_create", tags=TAGS, summary=_("上传并检查"),
                   description=_("上传按模板填写的 .xlsx，先逐行检查、不写入：有错误时 state 为 invalid，errors 列出行、列和原因；"
                                 "全部正确时 state 为 ready，summary 给出将新增、更新、不变的条数，再调用 confirm 导入。"
                                 "行数较多的文件在后台检查（state 为 queued/checking，读取进度）。同一类型已有导入在进行时 400。"),
                   request={"multipart/form-data": ImportUploadRequest},
                   responses={201: ImportJobSerializer, **errors(400, 403, 404)})
    def post(self, request):
        body = ImportUploadRequest(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            registry.get(body.validated_data["kind"])
        except LookupError as exc:
            raise Http404(str(exc)) from None
        job = services.upload_import(kind=body.validated_data["kind"], upload=body.validated_data["file"],
                                     by=request.user, scope=body.validated_data.get("scope"))
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)


class ImportJobDetail(APIView):
    @extend_schema(operation_id="imports_read", tags=TAGS, summary=_("导入任务进度与检查结果"),
                   parameters=[JOB_ID], responses={200: ImportJobSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(ImportJobSerializer(get_object_or_404(visible_jobs(request.user), pk=pk)).data)


class ImportJobConfirm(APIView):
    @extend_schema(operation_id="imports_confirm", tags=TAGS, summary=_("确认导入"),
                   description=_("将检查通过（ready）的文件一次全部导入，记入审计日志；只有上传者本人可以确认。"
                                 "导入前按当前数据再检查一次，期间数据有变导致出错时 state 回到 invalid，不写入任何数据。"
                                 "行数较多时在后台写入（state 为 writing）。"),
                   request=None, parameters=[JOB_ID], responses={200: ImportJobSerializer, **errors(400, 403, 404)})
    def post(self, request, pk):
        job = get_object_or_404(visible_jobs(request.user), pk=pk)
        return Response(ImportJobSerializer(services.confirm_import(job=job, by=request.user)).data)


class ImportTemplate(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="imports_template", tags=TAGS, summary=_("下载导入模板"),
                   parameters=[KIND],
                   responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description=_("Excel 模板")),
                              **errors(403, 404)})
    def get(self, request, kind):
        try:
            import_kind = registry.get(kind)
        except LookupError as exc:
            raise Http404(str(exc)) from None
        if import_kind not in importable_kinds(request.user):
            raise PermissionDenied(_("您无权导入%(kind)s。") % {"kind": import_kind.label})
        response = HttpResponse(workbook_bytes(import_kind), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
        return response
