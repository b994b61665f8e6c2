"""常态督导's REST operations: zones (督导室), visits (责任督学), 整改通知书 and their acts, the monthly
table. Each act is one service call; scope and standing are rules.py's, as on the pages; errors
become 400/403/404/409 (workflows.api.errors)."""

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.views.common import JSON_ONLY, errors
from workflows.engine.documents.files import ensure_file
from workflows.engine.exceptions import NotFound
from workflows.inspection.routine import monthly, notices, rules, selectors, visits, zones
from workflows.inspection.routine.api.serializers import (
    RoutineAcceptSerializer,
    RoutineMonthTableSerializer,
    RoutineNoticeDetailSerializer,
    RoutineNoticeSerializer,
    RoutineNoticeWriteSerializer,
    RoutineReportWriteSerializer,
    RoutineReturnSerializer,
    RoutineVisitSerializer,
    RoutineVisitWriteSerializer,
    RoutineZoneEditSerializer,
    RoutineZoneSerializer,
    RoutineZoneWriteSerializer,
)

TAGS = ["routine"]
ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("编号"))
MONTH = OpenApiParameter("month", str, OpenApiParameter.QUERY, required=False,
                         description=_("月份，如 2026-12；不填为本月"))
UPLOADS = [MultiPartParser, FormParser, JSONParser]


def _body(serializer_class, request) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def _zone(pk):
    zone = selectors.zone_list().filter(pk=pk).first()
    if zone is None:
        raise NotFound(_("未找到该责任区。"))
    return zone


class ZoneList(GenericAPIView):
    parser_classes = JSON_ONLY
    serializer_class = RoutineZoneSerializer

    @extend_schema(operation_id="routine_zones_list", tags=TAGS, summary=_("督学责任区"),
                   description=_("督导室的全部责任区，含责任督学和学校。仅督导室工作人员。"),
                   responses={200: RoutineZoneSerializer(many=True), **errors(400, 403, 404)})
    def get(self, request):
        rules.check_manager(request.user)
        page = self.paginate_queryset(selectors.zone_list())
        return self.get_paginated_response(RoutineZoneSerializer(page, many=True).data)

    @extend_schema(operation_id="routine_zones_create", tags=TAGS, summary=_("新建责任区"),
                   description=_("指定责任督学（须持有督学角色，每人一个责任区）和学校（一所学校同时只属于一个责任区）。"),
                   request=RoutineZoneWriteSerializer, responses={201: RoutineZoneSerializer, **errors(400, 403, 404)})
    def post(self, request):
        data = _body(RoutineZoneWriteSerializer, request)
        zone = zones.create_zone(by=request.user, name=data["name"], inspector=data["inspector"],
                                 schools=data["schools"])
        return Response(RoutineZoneSerializer(_zone(zone.pk)).data, status=status.HTTP_201_CREATED)


class ZoneDetail(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="routine_zones_retrieve", tags=TAGS, summary=_("责任区详情"), parameters=[ID],
                   responses={200: RoutineZoneSerializer, **errors(403, 404)})
    def get(self, request, pk):
        rules.check_manager(request.user)
        return Response(RoutineZoneSerializer(_zone(pk)).data)

    @extend_schema(operation_id="routine_zones_edit", tags=TAGS, summary=_("修改责任区"), parameters=[ID],
                   description=_("修改名称、更换责任督学，或以 schools 给出责任区的全部学校。"),
                   request=RoutineZoneEditSerializer, responses={200: RoutineZoneSerializer, **errors(400, 403, 404, 409)})
    def patch(self, request, pk):
        data = _body(RoutineZoneEditSerializer, request)
        if "name" in data or "inspector" in data:
            zones.edit_zone(zone=pk, by=request.user, name=data.get("name"), inspector=data.get("inspector"))
        if "schools" in data:
            zones.set_zone_schools(zone=pk, by=request.user, schools=data["schools"])
        if not data:
            rules.check_manager(request.user)
            _zone(pk)
            raise serializers.ValidationError({"name": [_("没有需要保存的修改。")]})
        return Response(RoutineZoneSerializer(_zone(pk)).data)


class VisitList(GenericAPIView):
    parser_classes = UPLOADS
    serializer_class = RoutineVisitSerializer

    @extend_schema(operation_id="routine_visits_list", tags=TAGS, summary=_("督导记录"),
                   description=_("我能看到的督导记录：责任督学看本责任区的，学校看本校的，督导室看全部。"),
                   responses={200: RoutineVisitSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        page = self.paginate_queryset(selectors.visit_list(request.user))
        return self.get_paginated_response(RoutineVisitSerializer(page, many=True).data)

    @extend_schema(operation_id="routine_visits_create", tags=TAGS, summary=_("记录督导"),
                   description=_("责任督学记录对本责任区学校的一次督导：日期（不晚于今天）、方式（听课、访谈、巡查等）、"
                                 "发现的情况和现场照片（按内容检查的图片）。"),
                   request={"multipart/form-data": RoutineVisitWriteSerializer, "application/json": RoutineVisitWriteSerializer},
                   responses={201: RoutineVisitSerializer, **errors(400, 403, 404)})
    def post(self, request):
        data = _body(RoutineVisitWriteSerializer, request)
        visit = visits.record_visit(by=request.user, school=data["school"], visited_on=data["visited_on"],
                                    kinds=data["kinds"], findings=data["findings"],
                                    photos=data["photos"])
        return Response(RoutineVisitSerializer(selectors.visit_list(request.user).get(pk=visit.pk)).data,
                        status=status.HTTP_201_CREATED)


class VisitDetail(APIView):
    @extend_schema(operation_id="routine_visits_retrieve", tags=TAGS, summary=_("督导记录详情"), parameters=[ID],
                   responses={200: RoutineVisitSerializer, **errors(404)})
    def get(self, request, pk):
        rules.visible_visit(request.user, pk)
        return Response(RoutineVisitSerializer(selectors.visit_list(request.user).get(pk=pk)).data)


def notice_data(user, pk, *, status_code=status.HTTP_200_OK) -> Response:
    notice = rules.visible_notice(user, pk)
    notice = (type(notice).objects.select_related("school", "document", "zone").prefetch_related(
        "reports__submitted_by", "reports__files").get(pk=notice.pk))
    return Response(RoutineNoticeDetailSerializer(notice, context={"user": user}).data, status=status_code)


class NoticeList(GenericAPIView):
    parser_classes = JSON_ONLY
    serializer_class = RoutineNoticeSerializer

    @extend_schema(operation_id="routine_notices_list", tags=TAGS, summary=_("整改通知书"),
                   description=_("我能看到的整改通知书，含状态、报告截止时间和是否逾期。"),
                   responses={200: RoutineNoticeSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        page = self.paginate_queryset(selectors.notice_list(request.user))
        return self.get_paginated_response(RoutineNoticeSerializer(page, many=True).data)

    @extend_schema(operation_id="routine_notices_create", tags=TAGS, summary=_("发出整改通知书"),
                   description=_("责任督学向本责任区学校发出整改通知书：编发文号、生成PDF，学校须在期限（工作日）内报告。"),
                   request=RoutineNoticeWriteSerializer, responses={201: RoutineNoticeDetailSerializer, **errors(400, 403, 404)})
    def post(self, request):
        data = _body(RoutineNoticeWriteSerializer, request)
        notice = notices.issue_notice(by=request.user, school=data["school"], title=data["title"],
                                      problems=data["problems"], requirements=data["requirements"],
                                      working_days=data["working_days"], visit=data["visit"])
        return notice_data(request.user, notice.pk, status_code=status.HTTP_201_CREATED)


class NoticeDetail(APIView):
    @extend_schema(operation_id="routine_notices_retrieve", tags=TAGS, summary=_("整改通知书详情"), parameters=[ID],
                   description=_("通知书、各轮整改报告及确认结果；may 说明我现在可以做什么。"),
                   responses={200: RoutineNoticeDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return notice_data(request.user, pk)


class NoticeReport(APIView):
    parser_classes = UPLOADS

    @extend_schema(operation_id="routine_notices_report", tags=TAGS, summary=_("提交整改报告"), parameters=[ID],
                   description=_("学校负责人提交整改情况（文字，可附文件）；已确认的通知书不能再报告。"),
                   request={"multipart/form-data": RoutineReportWriteSerializer, "application/json": RoutineReportWriteSerializer},
                   responses={200: RoutineNoticeDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        data = _body(RoutineReportWriteSerializer, request)
        notices.report_notice(notice=pk, by=request.user, text=data["text"], files=data["files"])
        return notice_data(request.user, pk)


class NoticeAccept(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="routine_notices_accept", tags=TAGS, summary=_("确认整改"), parameters=[ID],
                   description=_("责任督学确认学校的整改报告，整改完成。"),
                   request=RoutineAcceptSerializer, responses={200: RoutineNoticeDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        data = _body(RoutineAcceptSerializer, request)
        notices.accept_notice(notice=pk, by=request.user, comment=data["comment"])
        return notice_data(request.user, pk)


class NoticeReturn(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="routine_notices_return", tags=TAGS, summary=_("退回整改报告"), parameters=[ID],
                   description=_("责任督学退回整改报告（须写理由），学校在新的期限内重新报告。"),
                   request=RoutineReturnSerializer, responses={200: RoutineNoticeDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        data = _body(RoutineReturnSerializer, request)
        notices.return_notice(notice=pk, by=request.user, comment=data["comment"], working_days=data["working_days"])
        return notice_data(request.user, pk)


class NoticePdf(APIView):
    @extend_schema(operation_id="routine_notices_pdf", tags=TAGS, summary=_("整改通知书PDF"), parameters=[ID],
                   responses={(200, "application/pdf"): bytes, **errors(404)})
    def get(self, request, pk):
        document = ensure_file(rules.visible_notice(request.user, pk).document)
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name,
                            content_type="application/pdf")


class RoutineMonthQuery(serializers.Serializer):
    month = serializers.DateField(required=False, input_formats=["%Y-%m"])


class MonthTable(APIView):
    @extend_schema(operation_id="routine_monthly", tags=TAGS, summary=_("常态督导统计"), parameters=[MONTH],
                   description=_("所选月份所在年度各校每月督导次数、各责任区合计，以及所选月份未督导的学校。仅督导室。"),
                   responses={200: RoutineMonthTableSerializer, **errors(400, 403, 404)})
    def get(self, request):
        rules.check_manager(request.user)
        query = RoutineMonthQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = query.validated_data.get("month") or timezone.localdate()
        return Response(RoutineMonthTableSerializer(monthly.month_table(year=month.year, month=month.month)).data)
