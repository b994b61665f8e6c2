"""申报项目 and 申报批次 over the API (/api/v1/programmes/, /api/v1/campaigns/): the same acts as
the department's pages, read and refused through the same rules (workflows.programmes.rules:
404 outside the owning department), each act one service call; bad input is 400 with the field
named, a concurrent edit 409. JSON bodies."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from core.orgs.models import Ownership, SchoolType
from workflows.api.export_serializers import ExportJobSerializer
from workflows.api.views.common import JSON_ONLY, errors
from workflows.api.views.files import AnyAccept
from workflows.engine.exceptions import Conflict, NotFound
from workflows.engine.exports import rules as export_rules
from workflows.programmes import campaigns as campaign_services
from workflows.programmes import exports as campaign_exports
from workflows.programmes import rules, selectors, services
from workflows.programmes.overview import campaign_overview
from workflows.web.exports.workbook import XLSX, workbook_bytes
from workflows.programmes.models import NOTICE_DAYS_MAX, REMIND_DAYS_MAX, VALIDITY_YEARS_MAX, FileGroup, Outcome

TAGS = ["programmes"]
PROGRAMME_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("申报项目编号"))
CAMPAIGN_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("申报批次编号"))
YEAR = OpenApiParameter("year", int, OpenApiParameter.QUERY, required=False, description=_("只列该年度的项目"))
ID = {"min_value": 1, "max_value": 2 ** 63 - 1}


class ProgrammeSlotSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=30, help_text=_("材料代码，如 report"))
    name = serializers.CharField(max_length=60, help_text=_("材料名称，如 自评报告"))
    required = serializers.BooleanField(default=True)
    accepted = serializers.ListField(child=serializers.ChoiceField(choices=FileGroup.choices), default=list,
                                     help_text=_("可上传的文件类型；空表示全部"))


class ProgrammeQuotaSerializer(serializers.Serializer):
    district = serializers.IntegerField(**ID, help_text=_("区县编号"))
    district_name = serializers.CharField(source="district.name", read_only=True)
    quota = serializers.IntegerField(min_value=0, max_value=100000, allow_null=True,
                                     help_text=_("名额；修改批次时为空表示取消该区县的名额"))


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    code = serializers.CharField()
    year = serializers.IntegerField()
    name = serializers.CharField()
    owner_department = serializers.IntegerField(source="owner_department_id")
    owner_department_name = serializers.CharField(source="owner_department.name")
    school_types = serializers.ListField(child=serializers.CharField())
    ownerships = serializers.ListField(child=serializers.CharField())
    rubric = serializers.IntegerField(source="rubric_id", allow_null=True)
    outcome = serializers.CharField()
    total_quota = serializers.IntegerField(allow_null=True)
    onsite_visit = serializers.BooleanField()
    defence = serializers.BooleanField()
    notice_days = serializers.IntegerField()
    validity_years = serializers.IntegerField()
    remind_days = serializers.IntegerField()
    doc_type = serializers.IntegerField(source="doc_type_id", allow_null=True)
    copied_from = serializers.IntegerField(source="copied_from_id", allow_null=True)
    slots = ProgrammeSlotSerializer(many=True, source="slots.all")
    district_quotas = serializers.SerializerMethodField()

    def get_district_quotas(self, programme) -> list[dict]:
        return [{"district": row.district_id, "district_name": row.district.name, "quota": row.quota}
                for row in programme.district_quotas.all()]


class ProgrammeWriteSerializer(serializers.Serializer):
    """A new programme (name, code, year, kind, school_types and ownerships required) or the
    fields to change (any of them)."""

    department = serializers.IntegerField(**ID, required=False, help_text=_("主管处室编号；不填为您的第一个处室（仅新建）"))
    kind = serializers.CharField(max_length=30, help_text=_("事项类别，如 accreditation"))
    code = serializers.SlugField(max_length=50)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=100)
    school_types = serializers.ListField(child=serializers.ChoiceField(choices=SchoolType.choices), allow_empty=True)
    ownerships = serializers.ListField(child=serializers.ChoiceField(choices=Ownership.choices), allow_empty=True)
    rubric = serializers.IntegerField(**ID, required=False, allow_null=True, help_text=_("本处室评分指标编号"))
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    total_quota = serializers.IntegerField(min_value=0, max_value=100000, required=False, allow_null=True)
    onsite_visit = serializers.BooleanField(required=False)
    defence = serializers.BooleanField(required=False)
    notice_days = serializers.IntegerField(min_value=1, max_value=NOTICE_DAYS_MAX, required=False)
    validity_years = serializers.IntegerField(min_value=1, max_value=VALIDITY_YEARS_MAX, required=False)
    remind_days = serializers.IntegerField(min_value=0, max_value=REMIND_DAYS_MAX, required=False)
    doc_type = serializers.IntegerField(**ID, required=False, allow_null=True, help_text=_("发文类型编号"))
    slots = ProgrammeSlotSerializer(many=True, required=False)
    district_quotas = ProgrammeQuotaSerializer(many=True, required=False)


class ProgrammeCopySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False,
                                    help_text=_("新年度；不填为下一年度"))


class CampaignDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme = serializers.IntegerField(source="programme_id")
    programme_name = serializers.CharField(source="programme.name")
    name = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    formal_review_closes_at = serializers.DateTimeField(allow_null=True)
    total_quota = serializers.IntegerField(allow_null=True)
    total_reserved = serializers.IntegerField()
    district_quotas = serializers.SerializerMethodField()

    def get_district_quotas(self, campaign) -> list[dict]:
        return [{"district": row.district_id, "district_name": row.district.name, "quota": row.quota,
                 "reserved": row.reserved} for row in campaign.district_quotas.all()]


class CampaignWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    formal_review_closes_at = serializers.DateTimeField(
        required=False, allow_null=True,
        help_text=_("形式审查截止时间：此后区县不能再报送推荐名单（含补报）；为空表示不限"))
    total_quota = serializers.IntegerField(min_value=0, max_value=100000, required=False, allow_null=True,
                                           help_text=_("不填为项目的总名额；为空表示不限"))
    district_quotas = ProgrammeQuotaSerializer(many=True, required=False, help_text=_("不填为项目的各区县默认名额"))


class CampaignSchoolSerializer(serializers.Serializer):
    school = serializers.IntegerField(source="school.pk")
    school_name = serializers.CharField(source="school.name")
    district = serializers.IntegerField(source="school.parent_id")
    district_name = serializers.CharField(source="school.parent.name")
    state = serializers.ChoiceField(choices=list(campaign_services.STATES.items()),
                                    help_text=_("none 未发起；started 已发起未提交；submitted 已提交"))
    items = serializers.IntegerField(help_text=_("该校在本批次的事项数"))


class CampaignProgressSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    schools = CampaignSchoolSerializer(many=True)


def _body(serializer_class, request, **kwargs) -> dict:
    body = serializer_class(data=request.data, **kwargs)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _quotas(rows) -> dict | None:
    return None if rows is None else {row["district"]: row["quota"] for row in rows}


def programme_data(user, pk, status_code=status.HTTP_200_OK) -> Response:
    return Response(ProgrammeSerializer(selectors.programme_detail(user, pk)).data, status=status_code)


def campaign_data(user, pk, status_code=status.HTTP_200_OK) -> Response:
    return Response(CampaignDetailSerializer(selectors.campaign_detail(user, pk)).data, status=status_code)


class ProgrammeList(GenericAPIView):
    parser_classes = JSON_ONLY
    serializer_class = ProgrammeSerializer

    @extend_schema(operation_id="programmes_list", tags=TAGS, summary=_("申报项目"), parameters=[YEAR],
                   description=_("您所在处室的申报项目，新年度在前。"),
                   responses={200: ProgrammeSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        rows = selectors.programme_queryset(request.user).order_by("-year", "name")
        year = request.query_params.get("year")
        if year:
            if not year.isdigit() or len(year) > 4:
                raise serializers.ValidationError({"year": [_("年度须为四位数字。")]})
            rows = rows.filter(year=int(year))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)

    @extend_schema(operation_id="programmes_create", tags=TAGS, summary=_("新建申报项目"),
                   request=ProgrammeWriteSerializer, responses={201: ProgrammeSerializer, **errors(400, 404)})
    def post(self, request):
        data = _body(ProgrammeWriteSerializer, request)
        departments = list(rules.staff_departments(request.user))
        wanted = data.pop("department", None)
        department = next((d for d in departments if wanted in (None, d.pk)), None)
        if department is None:
            raise NotFound(_("未找到该处室，或您无权管理其申报项目。"))
        slots, quotas = data.pop("slots", None), _quotas(data.pop("district_quotas", None))
        extra = {"slots": slots} if slots is not None else {}
        programme = services.create_programme(department=department, by=request.user, district_quotas=quotas,
                                              **extra, **data)
        return programme_data(request.user, programme.pk, status.HTTP_201_CREATED)


class ProgrammeDetail(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="programmes_retrieve", tags=TAGS, summary=_("申报项目"), parameters=[PROGRAMME_ID],
                   responses={200: ProgrammeSerializer, **errors(404)})
    def get(self, request, pk):
        return programme_data(request.user, pk)

    @extend_schema(operation_id="programmes_edit", tags=TAGS, summary=_("修改申报项目"), parameters=[PROGRAMME_ID],
                   description=_("只改给出的字段；slots 和 district_quotas 给出时整体替换。已有申报批次的项目不能再改"
                                 "事项类别、代码、年度和评分指标。"),
                   request=ProgrammeWriteSerializer, responses={200: ProgrammeSerializer, **errors(400, 404, 409)})
    def patch(self, request, pk):
        rules.programme_for(request.user, pk)  # 404 before reading the body
        data = _body(ProgrammeWriteSerializer, request, partial=True)
        data.pop("department", None)
        services.edit_programme(programme=pk, by=request.user, slots=data.pop("slots", None),
                                district_quotas=_quotas(data.pop("district_quotas", None)), **data)
        return programme_data(request.user, pk)


class ProgrammeCopy(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="programmes_copy", tags=TAGS, summary=_("复制为新年度"), parameters=[PROGRAMME_ID],
                   description=_("复制上一年度：名额、材料和环节照搬，评分指标复制为新年度的可编辑版本。"),
                   request=ProgrammeCopySerializer, responses={201: ProgrammeSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        rules.programme_for(request.user, pk)
        data = _body(ProgrammeCopySerializer, request)
        copy = services.copy_programme(programme=pk, by=request.user, year=data.get("year"))
        return programme_data(request.user, copy.pk, status.HTTP_201_CREATED)


class ProgrammeCampaigns(GenericAPIView):
    parser_classes = JSON_ONLY
    serializer_class = CampaignDetailSerializer

    @extend_schema(operation_id="programmes_campaigns", tags=TAGS, summary=_("项目的申报批次"),
                   parameters=[PROGRAMME_ID], responses={200: CampaignDetailSerializer(many=True), **errors(404)})
    def get(self, request, pk):
        programme = rules.programme_for(request.user, pk)
        rows = selectors.campaign_queryset(request.user).filter(programme=programme).order_by("-opens_at", "-pk")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(CampaignDetailSerializer(page, many=True).data)

    @extend_schema(operation_id="programmes_campaigns_open", tags=TAGS, summary=_("新建申报批次"),
                   parameters=[PROGRAMME_ID],
                   description=_("申报时间和名额（不填为项目的名额）；新建后项目的评分指标即启用（冻结）。"),
                   request=CampaignWriteSerializer, responses={201: CampaignDetailSerializer, **errors(400, 404, 409)})
    def post(self, request, pk):
        rules.programme_for(request.user, pk)
        data = _body(CampaignWriteSerializer, request)
        extra = {"total_quota": data["total_quota"]} if "total_quota" in data else {}
        campaign = campaign_services.open_campaign(
            programme=pk, by=request.user, name=data["name"], opens_at=data["opens_at"], closes_at=data["closes_at"],
            formal_review_closes_at=data.get("formal_review_closes_at"), district_quotas=_quotas(data.get("district_quotas")), **extra)
        return campaign_data(request.user, campaign.pk, status.HTTP_201_CREATED)


class CampaignDetail(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="campaigns_retrieve", tags=TAGS, summary=_("申报批次"), parameters=[CAMPAIGN_ID],
                   responses={200: CampaignDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return campaign_data(request.user, pk)

    @extend_schema(operation_id="campaigns_edit", tags=TAGS, summary=_("修改申报批次"), parameters=[CAMPAIGN_ID],
                   description=_("只改给出的字段；区县名额为空表示取消该区县的名额。名额不能少于已占用的。"),
                   request=CampaignWriteSerializer, responses={200: CampaignDetailSerializer, **errors(400, 404, 409)})
    def patch(self, request, pk):
        rules.campaign_for(request.user, pk)
        data = _body(CampaignWriteSerializer, request, partial=True)
        if "district_quotas" in data:
            data["district_quotas"] = _quotas(data["district_quotas"])
        campaign_services.edit_campaign(campaign=pk, by=request.user, **data)
        return campaign_data(request.user, pk)


class CampaignProgress(APIView):
    @extend_schema(operation_id="campaigns_progress", tags=TAGS, summary=_("申报情况"), parameters=[CAMPAIGN_ID],
                   description=_("每所符合条件的学校：未发起、已发起未提交或已提交。"),
                   responses={200: CampaignProgressSerializer, **errors(404)})
    def get(self, request, pk):
        campaign = selectors.campaign_detail(request.user, pk)
        rows = campaign_services.campaign_progress(campaign)
        return Response(CampaignProgressSerializer({"counts": campaign_services.progress_counts(rows),
                                            "schools": rows}).data)


class OverviewStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()


class OverviewRowSerializer(serializers.Serializer):
    district = serializers.IntegerField(source="district.pk")
    district_name = serializers.CharField(source="district.name")
    counts = serializers.ListField(child=serializers.IntegerField(), help_text=_("各环节事项数，顺序同 statuses"))
    late = serializers.ListField(child=serializers.IntegerField(), help_text=_("其中已超过办理期限的事项数"))
    total = serializers.IntegerField()
    late_total = serializers.IntegerField()
    quota = serializers.IntegerField(source="quota.quota", allow_null=True, default=None,
                                     help_text=_("区县名额；未分配时为空"))
    seats_used = serializers.IntegerField(source="quota.reserved", allow_null=True, default=None)
    progress = serializers.DictField(child=serializers.IntegerField(),
                                     help_text=_("符合条件的学校：none 未发起；started 已发起未提交；submitted 已提交"))


class CampaignOverviewSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(source="campaign.pk")
    whole_city = serializers.BooleanField(help_text=_("false：仅本区县"))
    statuses = OverviewStatusSerializer(many=True, source="status_rows")
    rows = OverviewRowSerializer(many=True)
    totals = serializers.ListField(child=serializers.IntegerField())
    late_totals = serializers.ListField(child=serializers.IntegerField())
    total_quota = serializers.IntegerField(source="campaign.total_quota", allow_null=True)
    total_reserved = serializers.IntegerField(source="campaign.total_reserved")


EXPORT_NAME = OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(campaign_exports.EXPORTS),
                               description=_("campaign_items 申报情况；campaign_scores 评分明细；campaign_results 评审结果"))


class CampaignOverview(APIView):
    @extend_schema(operation_id="campaigns_overview", tags=TAGS, summary=_("申报批次总览"), parameters=[CAMPAIGN_ID],
                   description=_("各区县、各环节的事项数与逾期数，名额使用，学校申报情况。主管处室看全部区县；"
                                 "区县工作人员只看本区县。"),
                   responses={200: CampaignOverviewSerializer, **errors(404)})
    def get(self, request, pk):
        campaign, districts = rules.overview_for(request.user, pk, queryset=campaign_exports.campaign_rows())
        return Response(CampaignOverviewSerializer(campaign_overview(campaign, districts)).data)


class CampaignExport(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="campaigns_export", tags=TAGS, summary=_("导出申报批次Excel"),
                   parameters=[CAMPAIGN_ID, EXPORT_NAME],
                   description=_("立即生成 .xlsx；事项超过后台导出阈值时 409，请用 POST 后台导出。评分明细和评审结果仅主管处室可导出。"),
                   responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description=_("Excel 文件")),
                              **errors(404, 409)})
    def get(self, request, pk, name):
        campaign, districts = campaign_exports.export_scope(request.user, pk, name)
        ids = campaign_exports.export_ids(campaign, districts)
        if export_rules.needs_background(len(ids)):
            raise Conflict(_("该批次的事项较多（超过 %(limit)s 件），请用后台导出。")
                           % {"limit": settings.EXPORTS_BACKGROUND_ABOVE})
        data = workbook_bytes(campaign_exports.export_tables(name, campaign, ids))
        campaign_exports.audit_export(user=request.user, campaign=campaign, name=name, count=len(ids))
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}-{campaign.pk}.xlsx"'
        return response

    @extend_schema(operation_id="campaigns_export_background", tags=TAGS, summary=_("后台导出申报批次Excel"),
                   parameters=[CAMPAIGN_ID, EXPORT_NAME],
                   description=_("在后台生成 .xlsx（导出任务）；同样的导出正在进行时返回该任务（200）。"),
                   request=None, responses={202: ExportJobSerializer, 200: ExportJobSerializer, **errors(400, 404)})
    def post(self, request, pk, name):
        campaign_exports.export_scope(request.user, pk, name)
        job, created = campaign_exports.start_background(user=request.user, campaign=pk, name=name)
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)
