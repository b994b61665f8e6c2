"""The working-day calendar from the State Council's notice over the API: read it (preview) and
save it (core.calendar.services.apply_holiday_notice). System administrators only."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.calendar.notice import NoticeError, parse_notice
from core.calendar.permissions import require_calendar_admin
from core.calendar.services import FIRST_YEAR, LAST_YEAR, apply_holiday_notice
from workflows.api.views.common import JSON_ONLY, errors


class HolidayNoticeRequest(serializers.Serializer):
    text = serializers.CharField(max_length=20000, help_text=_("“国务院办公厅关于××××年部分节假日安排的通知”全文（含标题）"))
    year = serializers.IntegerField(required=False, allow_null=True, min_value=FIRST_YEAR, max_value=LAST_YEAR,
                                    help_text=_("年度；全文含标题时可省略"))

    def validate(self, attrs):
        try:
            attrs["notice"] = parse_notice(attrs["text"], year=attrs.get("year"))
        except NoticeError as exc:
            raise serializers.ValidationError({"text": [str(exc)]}, code="notice_unreadable") from None
        return attrs


class HolidayNoticeDaySerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("日期"))
    name = serializers.CharField(help_text=_("节日名称"))


class HolidayNoticeSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("年度"))
    holidays = HolidayNoticeDaySerializer(many=True, help_text=_("放假日期"))
    workdays = HolidayNoticeDaySerializer(many=True, help_text=_("调休上班日期"))


class HolidayNoticeSavedSerializer(HolidayNoticeSerializer):
    changed = serializers.ListField(child=serializers.DateField(), help_text=_("保存后有变动的日期"))


def _notice_data(notice) -> dict:
    return {
        "year": notice.year,
        "holidays": [{"date": d, "name": n} for d, n in sorted(notice.holidays.items())],
        "workdays": [{"date": d, "name": n} for d, n in sorted(notice.workdays.items())],
    }


def _notice_of(request):
    require_calendar_admin(request.user)
    body = HolidayNoticeRequest(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data["notice"]


class CalendarNoticePreview(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="calendar_notice_preview", tags=["calendar"], summary=_("识别国务院放假通知"),
                   description=_("识别通知中每一条的放假日期和调休上班日期，不保存。无法识别时返回 400，"
                                 "fields.text 指明第几行。仅系统管理员可用。"),
                   request=HolidayNoticeRequest, responses={200: HolidayNoticeSerializer, **errors(400, 403)})
    def post(self, request):
        return Response(HolidayNoticeSerializer(_notice_data(_notice_of(request))).data)


class CalendarNoticeApply(APIView):
    parser_classes = JSON_ONLY

    @extend_schema(operation_id="calendar_notice_apply", tags=["calendar"], summary=_("按国务院放假通知保存工作日历"),
                   description=_("按通知录入该年度（尚未录入时录入全年，已录入时逐日更正不同之处），记入审计日志，"
                                 "并重新计算待定的办理期限。再次提交同一通知不会改变任何日期。仅系统管理员可用。"),
                   request=HolidayNoticeRequest, responses={200: HolidayNoticeSavedSerializer, **errors(400, 403)})
    def post(self, request):
        notice = _notice_of(request)
        changed = apply_holiday_notice(notice=notice, by=request.user)
        return Response(HolidayNoticeSavedSerializer({**_notice_data(notice), "changed": changed}).data)
