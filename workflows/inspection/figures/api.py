"""数据采集 over the API (/api/v1/figure-collections/, /api/v1/figure-targets/): the same acts as the
pages, refused by the same rules (rules.py: 404 out of scope, 403 seen but not one's to do), each
act one service call; bad figures are 400 with a Chinese message per figure in `fields`."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.views.common import JSON_ONLY, errors
from workflows.api.views.files import AnyAccept
from workflows.inspection.figures import reading, rules, services
from workflows.inspection.figures.models import FigureSet, Section
from workflows.inspection.figures.results import district_results
from workflows.web.exports.workbook import XLSX

TAGS = ["figures"]
COLLECTION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("数据采集编号"))
TARGET_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("填报单位编号"))
DISTRICT = OpenApiParameter("district", int, OpenApiParameter.QUERY, required=True, description=_("区县编号"))
ID = {"min_value": 1, "max_value": 2 ** 63 - 1}


class CollectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    figure_set = serializers.CharField(source="figure_set.code")
    figure_set_name = serializers.CharField(source="figure_set.name")
    method = serializers.CharField(source="figure_set.method")
    is_open = serializers.BooleanField()
    plan_ref = serializers.CharField()


class CollectionWriteSerializer(serializers.Serializer):
    figure_set = serializers.SlugField(max_length=50, help_text=_("要素集代码，如 balanced-compulsory"))
    name = serializers.CharField(max_length=100)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    districts = serializers.ListField(child=serializers.IntegerField(**ID), required=False, allow_empty=False,
                                      max_length=100, help_text=_("区县编号；不填为全部区县"))
    plan_ref = serializers.CharField(max_length=60, required=False, allow_blank=True)


class TargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation_id")
    code = serializers.CharField(source="organisation.code")
    name = serializers.CharField(source="organisation.name")
    district = serializers.IntegerField(source="district_id")
    district_name = serializers.CharField(source="district.name")
    sections = serializers.ListField(child=serializers.CharField())
    filed = serializers.ListField(child=serializers.CharField())
    teaching_point = serializers.BooleanField()
    excluded_reason = serializers.CharField()


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    decimals = serializers.IntegerField()


class CollectionDetailSerializer(CollectionSerializer):
    figures = FigureSerializer(many=True)
    targets = TargetSerializer(many=True)
    result_districts = serializers.ListField(child=serializers.DictField(), help_text=_("可查看结果的区县"))


class ReturnSerializer(serializers.Serializer):
    section = serializers.CharField()
    values = serializers.DictField(child=serializers.CharField())
    submitted_by = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    imported = serializers.BooleanField()


class TargetFiguresSerializer(serializers.Serializer):
    target = TargetSerializer()
    returns = ReturnSerializer(many=True)


class SubmitSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=Section.choices, help_text=_("学段：primary 小学、junior 初中、county 县域"))
    values = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=40),
                                   help_text=_("{要素代码: 数值}，原始数据，不填比例"))


class MarkSerializer(serializers.Serializer):
    teaching_point = serializers.BooleanField()
    excluded_reason = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")


class ImportSerializer(serializers.Serializer):
    district = serializers.IntegerField(**ID)
    file = serializers.FileField(help_text=_("按模板填写的 .xlsx 文件"))
    dry_run = serializers.BooleanField(default=True, help_text=_("true 只校验不导入；false 全部无误时导入"))


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    written = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    errors = ImportErrorSerializer(many=True)


class ResultValueSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.CharField()
    threshold = serializers.CharField()
    comparison = serializers.CharField()
    met = serializers.BooleanField()
    ratio = serializers.CharField()
    note = serializers.CharField()


class SchoolResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    section = serializers.CharField()
    section_label = serializers.CharField()
    passed = serializers.BooleanField()
    met_count = serializers.IntegerField()
    verdict = serializers.CharField()
    values = ResultValueSerializer(many=True)


class DispersionSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    section = serializers.CharField()
    section_label = serializers.CharField()
    schools = serializers.IntegerField()
    students = serializers.CharField()
    mean = serializers.CharField()
    deviation = serializers.CharField()
    cv = serializers.CharField(allow_null=True, help_text=_("按学生数加权的差异系数"))
    limit = serializers.CharField()
    passed = serializers.BooleanField()
    note = serializers.CharField()


class PreschoolValueSerializer(ResultValueSerializer):
    verdict = serializers.CharField()


class ResultsSerializer(serializers.Serializer):
    method = serializers.CharField()
    collection = serializers.IntegerField()
    district = serializers.DictField()
    progress = serializers.DictField()
    passed = serializers.BooleanField()
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    schools = SchoolResultSerializer(many=True, help_text=_("优质均衡：各校（一贯制分小学部、初中部）"))
    left_out = serializers.ListField(child=serializers.DictField(), help_text=_("不参与计算的学校及原因"))
    dispersions = DispersionSerializer(many=True, help_text=_("优质均衡：各指标分学段的差异系数"))
    indicators = PreschoolValueSerializer(many=True, help_text=_("学前普及普惠：各项指标"))


def _body(serializer_class, request) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _district(request) -> str:
    value = request.query_params.get("district", "")
    if not value.isdigit() or len(value) > 18:
        raise serializers.ValidationError({"district": [_("请给出区县编号。")]})
    return value


class CollectionList(GenericAPIView):
    parser_classes = JSON_ONLY
    serializer_class = CollectionSerializer

    @extend_schema(operation_id="figure_collections_list", tags=TAGS, summary=_("数据采集"),
                   description=_("您可见的数据采集：督导室全部，区县和学校为有本单位填报的。"),
                   responses={200: CollectionSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        rows = rules.visible_collections(request.user).select_related("figure_set")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(CollectionSerializer(page, many=True).data)

    @extend_schema(operation_id="figure_collections_create", tags=TAGS, summary=_("发起数据采集"),
                   description=_("督导室发起：优质均衡向所选区县的小学、初中、九年一贯制学校采集，学前普及普惠向区县采集。"),
                   request=CollectionWriteSerializer, responses={201: CollectionSerializer, **errors(400, 404)})
    def post(self, request):
        data = _body(CollectionWriteSerializer, request)
        figure_set = FigureSet.objects.filter(code=data.pop("figure_set")).first()
        if figure_set is None:
            raise serializers.ValidationError({"figure_set": [_("没有该要素集。")]})
        collection = services.create_collection(figure_set=figure_set, by=request.user, **data)
        return Response(CollectionSerializer(collection).data, status=status.HTTP_201_CREATED)


class CollectionDetail(APIView):
    @extend_schema(operation_id="figure_collections_retrieve", tags=TAGS, summary=_("数据采集详情"),
                   parameters=[COLLECTION_ID], description=_("要素、您可见的填报单位及其已填学段。"),
                   responses={200: CollectionDetailSerializer, **errors(404)})
    def get(self, request, pk):
        collection = rules.collection_for_user(request.user, pk)
        return Response(CollectionDetailSerializer(reading.collection_detail(request.user, collection)).data)


class CollectionResults(APIView):
    @extend_schema(operation_id="figure_collections_results", tags=TAGS, summary=_("区县计算结果"),
                   parameters=[COLLECTION_ID, DISTRICT],
                   description=_("督导室可看全部区县，区县只看本区县；学校 404。"),
                   responses={200: ResultsSerializer, **errors(400, 404)})
    def get(self, request, pk):
        collection = rules.collection_for_user(request.user, pk)
        district = rules.district_for_results(request.user, collection, _district(request))
        return Response(district_results(collection, district))


class CollectionTemplate(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="figure_collections_template", tags=TAGS, summary=_("下载导入模板"),
                   parameters=[COLLECTION_ID, DISTRICT],
                   description=_("本区县学校的 Excel 模板（含填写说明工作表，已填的数据预先填入）。仅本区县经办人。"),
                   responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description=_("Excel 文件")),
                              **errors(400, 403, 404)})
    def get(self, request, pk):
        collection = rules.collection_for_user(request.user, pk)
        content, filename = reading.template_for(request.user, collection, _district(request))
        return xlsx_response(content, filename)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class CollectionImport(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="figure_collections_import", tags=TAGS, summary=_("导入区县学校数据"),
                   parameters=[COLLECTION_ID],
                   description=_("先校验（dry_run=true）：逐行列出错误（行、列、原因）；全部无误时 dry_run=false 导入，"
                                 "有任何错误则一行也不导入（ok 为 false，written 为 0）。学校按学校标识码匹配。"),
                   request={"multipart/form-data": ImportSerializer},
                   responses={200: ImportReportSerializer, **errors(400, 403, 404)})
    def post(self, request, pk):
        data = _body(ImportSerializer, request)
        report = services.import_figures(collection=pk, district=data["district"], content=data["file"].read(),
                                         by=request.user, dry_run=data["dry_run"])
        return Response(reading.report_data(report))  # a report, refused rows and all: `ok` says which


class TargetFigures(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="figure_targets_read", tags=TAGS, summary=_("单位已填数据"), parameters=[TARGET_ID],
                   responses={200: TargetFiguresSerializer, **errors(404)})
    def get(self, request, pk):
        target = rules.target_for_user(request.user, pk)
        return Response(TargetFiguresSerializer(reading.target_figures(target)).data)

    @extend_schema(operation_id="figure_targets_submit", tags=TAGS, summary=_("填报要素数据"), parameters=[TARGET_ID],
                   description=_("学校负责人填报本校（九年一贯制分小学、初中两次），区县经办人可代本区县学校填报；"
                                 "逐项校验，任何一项有误则全部不保存（400，fields 按要素代码给出原因）。"),
                   request=SubmitSerializer, responses={200: TargetFiguresSerializer, **errors(400, 403, 404)})
    def post(self, request, pk):
        data = _body(SubmitSerializer, request)
        services.submit_figures(target=pk, section=data["section"], values=data["values"], by=request.user)
        target = rules.target_for_user(request.user, pk)
        return Response(TargetFiguresSerializer(reading.target_figures(target)).data)


class TargetMark(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="figure_targets_mark", tags=TAGS, summary=_("设置是否参与计算"), parameters=[TARGET_ID],
                   description=_("督导室登记教学点，或写明某校不参与计算的原因（空为参与）。"),
                   request=MarkSerializer, responses={200: TargetFiguresSerializer, **errors(400, 403, 404)})
    def post(self, request, pk):
        data = _body(MarkSerializer, request)
        services.mark_target(target=pk, by=request.user, **data)
        return Response(TargetFiguresSerializer(reading.target_figures(rules.target_for_user(request.user, pk))).data)
