"""Meetings over the API: 我的会议 (the meetings I take part in), one meeting (participants,
attendance, minutes, moves), and its acts: schedule on an item at a meeting step, reschedule with
a reason, attendance, minutes (multipart, with files), close. Each act is one call of
workflows.engine.meetings.services, scoped by meetings.rules like the pages; its errors become
400/403/404/409."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.api.meeting_serializers import (
    AttendanceSerializer,
    CancelSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    MinutesSerializer,
    MoveSerializer,
    ScheduleSerializer,
)
from workflows.api.requests import PeopleQuery
from workflows.api.serializers import CandidateSerializer
from workflows.api.views.common import errors
from workflows.api.views.people import CandidatesView
from workflows.engine.meetings import rules, services
from workflows.engine.meetings.models import ParticipantRole

MEETING_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("会议编号"))
ITEM_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("事项编号"))
TAGS = ["meetings"]


def meeting_data(user, pk, *, status_code=status.HTTP_200_OK) -> Response:
    meeting = rules.meeting_page(user, pk)
    return Response(MeetingDetailSerializer(meeting, context={"user": user}).data, status=status_code)


def _body(serializer_class, request) -> dict:
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


class MyMeetings(GenericAPIView):
    serializer_class = MeetingSerializer

    @extend_schema(operation_id="meetings_list", tags=TAGS, summary=_("我的会议"),
                   description=_("我作为参会人的会议（实地考察、答辩、督导进校），按会议时间排序。"),
                   responses={200: MeetingSerializer(many=True), **errors(400, 404)})
    def get(self, request):
        meetings = rules.my_meetings(request.user).select_related("item").order_by("starts_at", "pk")
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)


class MeetingDetail(APIView):
    @extend_schema(operation_id="meetings_retrieve", tags=TAGS, summary=_("会议详情"), parameters=[MEETING_ID],
                   description=_("参会人和能看到该事项的人可见：时间、地点、参会人及出席情况、会议纪要、改期记录。"),
                   responses={200: MeetingDetailSerializer, **errors(404)})
    def get(self, request, pk):
        return meeting_data(request.user, pk)


class ScheduleMeeting(APIView):
    @extend_schema(operation_id="items_meeting_schedule", tags=TAGS, summary=_("安排会议"), parameters=[ITEM_ID],
                   description=_("为处于会议环节的事项安排会议：时间（不早于现在、不晚于环节期限）、地点和参会人；"
                                 "参会人收到通知和会前提醒。本环节经办人或主管处室可操作。"),
                   request=ScheduleSerializer, responses={201: MeetingDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        data = _body(ScheduleSerializer, request)
        meeting = services.schedule_meeting(item=pk, by=request.user, starts_at=data["starts_at"],
                                            place=data["place"], agenda=data["agenda"],
                                            participants=data["participants"])
        return meeting_data(request.user, meeting.pk, status_code=status.HTTP_201_CREATED)


class MeetingCandidatesQuery(PeopleQuery):
    role = serializers.ChoiceField(choices=ParticipantRole.choices, required=False, help_text=_("只看这种参会身份的人"))


class MeetingCandidate(CandidateSerializer):
    role = serializers.SerializerMethodField(help_text=_("参会身份：安排会议时与 id 一起提交（participants 的 role）"))

    def get_role(self, candidate) -> str:
        return candidate.key.split(":")[0]


class MeetingCandidates(CandidatesView):
    serializer_class = MeetingCandidate
    query_class = MeetingCandidatesQuery

    @extend_schema(operation_id="items_meeting_candidates", tags=TAGS, summary=_("可选的参会人"),
                   parameters=[ITEM_ID, MeetingCandidatesQuery],
                   description=_("安排会议时可以选择的参会人及其参会身份：主管处室专家库的专家、督学、申报单位人员、"
                                 "主管处室和所属区县的工作人员（同一人可有多种身份）。q 按姓名搜索，只在这些人中查找。"
                                 "本环节经办人或主管处室可查看。"),
                   responses={200: MeetingCandidate(many=True), **errors(400, 403, 404)})
    def get(self, request, pk):
        query = self.read_query(request)
        item, _task = rules.meeting_to_schedule(request.user, pk)
        return self.answer(rules.candidates(item, query.get("role", "")), query)


class RescheduleMeeting(APIView):
    @extend_schema(operation_id="meetings_reschedule", tags=TAGS, summary=_("会议改期"), parameters=[MEETING_ID],
                   description=_("改到新的时间（和地点），须填写改期理由；参会人收到改期通知。"),
                   request=MoveSerializer, responses={200: MeetingDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        data = _body(MoveSerializer, request)
        services.reschedule_meeting(meeting=pk, by=request.user, starts_at=data["starts_at"], place=data["place"],
                                    reason=data["reason"])
        return meeting_data(request.user, pk)


class MeetingAttendance(APIView):
    @extend_schema(operation_id="meetings_attendance", tags=TAGS, summary=_("记录出席情况"), parameters=[MEETING_ID],
                   description=_("会议开始后记录参会人出席、缺席或请假。"),
                   request=AttendanceSerializer, responses={200: MeetingDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        data = _body(AttendanceSerializer, request)
        services.record_attendance(meeting=pk, by=request.user, attendance={
            line["user"]: {"attendance": line["attendance"], "note": line["note"]} for line in data["attendance"]})
        return meeting_data(request.user, pk)


class MeetingMinutes(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(operation_id="meetings_minutes", tags=TAGS, summary=_("记录会议纪要"), parameters=[MEETING_ID],
                   description=_("会议开始后记录会议纪要（文字，可附文件）。"),
                   request={"multipart/form-data": MinutesSerializer, "application/json": MinutesSerializer},
                   responses={200: MeetingDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        data = _body(MinutesSerializer, request)
        services.record_minutes(meeting=pk, by=request.user, text=data["text"], files=data["files"])
        return meeting_data(request.user, pk)


class CloseMeeting(APIView):
    @extend_schema(operation_id="meetings_close", tags=TAGS, summary=_("结束会议"), parameters=[MEETING_ID],
                   description=_("全部参会人的出席情况和会议纪要记录后结束会议；之后本环节才能通过。"),
                   request=None, responses={200: MeetingDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        services.close_meeting(meeting=pk, by=request.user)
        return meeting_data(request.user, pk)


class CancelMeeting(APIView):
    @extend_schema(operation_id="meetings_cancel", tags=TAGS, summary=_("取消会议"), parameters=[MEETING_ID],
                   description=_("在会议开始前取消已安排的会议，须填写理由；参会人收到取消通知（含邮件），不再有会前提醒。"
                                 "取消后本环节可重新安排会议，或不开会直接作出其他决定。已开始、已结束或已取消的会议返回 409。"),
                   request=CancelSerializer, responses={200: MeetingDetailSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk):
        data = _body(CancelSerializer, request)
        services.cancel_meeting(meeting=pk, by=request.user, reason=data["reason"])
        return meeting_data(request.user, pk)
