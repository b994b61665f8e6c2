"""The studio kind over the API (/api/v1/studios/…): the studios one sees with their terms, ratings
and members; whom the member picker offers; one studio's members and member changes; and the acts
— 成员变更 (request, approve, refuse), the year's report with its plan and activities, the
district's and the city's ratings — each one service call (workflows.studio), its refusals
400/403/404/409 as every API's. Applying is the engine's 发起申报 API (`POST items/` with kind
"studio"); its fields are the start form's (workflows.studio.start)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.views.common import JSON_ONLY, errors
from workflows.engine.people import search
from workflows.engine.tenure.models import Rating
from workflows.studio import assessment, changes, selectors
from workflows.studio.models import ActivityKind, ChangeAction, MemberRole
from workflows.studio.start import member_candidates

TAGS = ["studios"]
ID = {"min_value": 1, "max_value": 2 ** 63 - 1}
STUDIO_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("工作室（事项）编号"))
CHANGE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("成员变更编号"))
TENURE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("认定编号"))
REPORT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("年度总结编号"))
QUERY = OpenApiParameter("q", str, OpenApiParameter.QUERY, required=False, description=_("按姓名或学校查找"))


class StudioMemberSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.full_name")
    school = serializers.CharField(source="school.name")
    role = serializers.CharField()
    state = serializers.CharField()
    joined_on = serializers.DateField(allow_null=True)


class RatingRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    district = serializers.CharField(help_text=_("区县考核结果"))
    city = serializers.CharField(help_text=_("市局考核结果"))
    report = serializers.IntegerField(help_text=_("年度总结编号"))


class StudioRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    ref_no = serializers.CharField(source="item.ref_no")
    title = serializers.CharField(source="item.title")
    status = serializers.CharField(source="item.status")
    school = serializers.CharField(source="item.organisation.name")
    studio_type = serializers.CharField(source="details.studio_type", default="")
    host = serializers.CharField(source="details.host.full_name", default="")
    tenure = serializers.IntegerField(source="tenure.pk", default=None)
    tenure_state = serializers.CharField(source="tenure.state", default="")
    starts_on = serializers.DateField(source="tenure.starts_on", default=None)
    valid_until = serializers.DateField(source="tenure.valid_until", default=None)
    members = StudioMemberSerializer(many=True)
    ratings = serializers.SerializerMethodField()

    @extend_schema_field(RatingRowSerializer(many=True))

    def get_ratings(self, row):
        return [{"year": year, "district": district, "city": city, "report": report}
                for year, district, city, report in row.ratings]


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.full_name")
    role = serializers.CharField()
    reason = serializers.CharField()
    state = serializers.CharField()
    note = serializers.CharField()
    requested_at = serializers.DateTimeField()


class StudioMembersSerializer(serializers.Serializer):
    members = StudioMemberSerializer(many=True)
    changes = ChangeSerializer(many=True)


class StudioChangeSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ChangeAction.choices)
    person = serializers.IntegerField(**ID, help_text=_("人员（用户）编号"))
    category = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.MEMBER, help_text=_("成员类别"))
    reason = serializers.CharField(max_length=2000)


class StudioNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class StudioActivitySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()


class StudioReportSerializer(serializers.Serializer):
    plan = serializers.CharField(max_length=20000, help_text=_("年度计划"))
    summary = serializers.CharField(max_length=20000, help_text=_("年度总结"))
    activities = StudioActivitySerializer(many=True, required=False, default=list)


class StudioRatingSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class StudioCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.pk")
    label = serializers.CharField()


class ReportAnswer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    rating = serializers.CharField()


class StudioList(GenericAPIView):
    serializer_class = StudioRowSerializer

    @extend_schema(operation_id="studios_list", tags=TAGS, summary=_("工作室一览"),
                   description=_("您可见范围内的工作室：认定有效期、每年区县和市局的考核结果、在册成员。"),
                   responses={200: StudioRowSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        page = self.paginate_queryset(selectors.studios(request.user))
        return self.get_paginated_response(StudioRowSerializer(selectors.rows(page), many=True).data)


class MemberCandidates(APIView):
    @extend_schema(operation_id="studios_member_candidates", tags=TAGS, summary=_("可选成员"), parameters=[QUERY],
                   description=_("成员选择器提供的人员：各学校的教师和负责人（最多50人）。提交时仍逐一检查成员条件。"),
                   responses={200: StudioCandidateSerializer(many=True), **errors(404)})
    def get(self, request):
        found = search(member_candidates(), request.query_params.get("q", ""))[:50]
        return Response(StudioCandidateSerializer(found, many=True).data)


class StudioMembers(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="studios_members", tags=TAGS, summary=_("工作室成员与成员变更"), parameters=[STUDIO_ID],
                   responses={200: StudioMembersSerializer, **errors(404)})
    def get(self, request, pk):
        item = changes.studio_seen(request.user, pk)
        [row] = selectors.rows([item])
        return Response(StudioMembersSerializer({"members": row.members,
                                                 "changes": selectors.changes_of(item)}).data)

    @extend_schema(operation_id="studios_member_change", tags=TAGS, summary=_("申请成员变更"), parameters=[STUDIO_ID],
                   description=_("认定有效期内由主持人申请增加或减少成员；学校负责人审核后报主管处室审核，批准即生效。"),
                   request=StudioChangeSerializer, responses={201: ChangeSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        body = StudioChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        change = changes.request_change(studio=pk, by=request.user, action=data["action"], person=data["person"],
                                        role=data["category"], reason=data["reason"])
        return Response(ChangeSerializer(change).data, status=status.HTTP_201_CREATED)


def change_act(name, operation_id, summary, call):
    @extend_schema(operation_id=operation_id, tags=TAGS, summary=summary, parameters=[CHANGE_ID], request=StudioNoteSerializer,
                   responses={200: ChangeSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        body = StudioNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(ChangeSerializer(call(pk, request.user, body.validated_data["note"])).data)
    return type(name, (APIView,), {"post": post, "parser_classes": JSON_ONLY, "__module__": __name__})


ChangeApprove = change_act("ChangeApprove", "studio_member_changes_approve", _("同意成员变更"),
                           lambda pk, user, note: changes.approve_change(change=pk, by=user, note=note))
ChangeRefuse = change_act("ChangeRefuse", "studio_member_changes_refuse", _("不予批准成员变更"),
                          lambda pk, user, note: changes.refuse_change(change=pk, by=user, note=note))


def report_act(name, operation_id, summary, description, parameter, body_class, call):
    @extend_schema(operation_id=operation_id, tags=TAGS, summary=summary, description=description,
                   parameters=[parameter], request=body_class, responses={200: ReportAnswer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(ReportAnswer(call(pk, request.user, body.validated_data)).data)
    return type(name, (APIView,), {"post": post, "parser_classes": JSON_ONLY, "__module__": __name__})


StudioReport = report_act(
    "StudioReport", "studios_annual_report", _("提交工作室年度计划与总结"),
    _("主持人（或学校负责人）在年度考核期内提交：年度计划、总结和活动记录（公开课、听评课、课题、成果）。"
      "已撤销或已到期的工作室不能提交。"), TENURE_ID, StudioReportSerializer,
    lambda pk, user, data: assessment.file_annual_report(tenure=pk, by=user, plan=data["plan"],
                                                         summary=data["summary"], activities=data["activities"]))
DistrictRate = report_act(
    "DistrictRate", "studios_district_rate", _("区县年度考核"),
    _("工作室所在区县的审核员或负责人先考核：优秀、合格或不合格（须填写意见）。"), REPORT_ID, StudioRatingSerializer,
    lambda pk, user, data: assessment.district_rate(report=pk, by=user, rating=data["rating"], note=data["note"]))
CityRate = report_act(
    "CityRate", "studios_city_rate", _("市局年度考核"),
    _("区县考核后由主管处室考核；第一次不合格向主持人和学校发出警示，累计两次不合格撤销认定（生成文号）。"),
    REPORT_ID, StudioRatingSerializer,
    lambda pk, user, data: assessment.city_rate(report=pk, by=user, rating=data["rating"], note=data["note"]))

