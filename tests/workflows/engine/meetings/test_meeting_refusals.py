"""Bad input to a meeting is a clear Chinese error and writes nothing: a time in the past or past
the step's deadline, no participants or ineligible ones, no place, a reschedule without a reason,
attendance or minutes before the meeting, closing without everyone's attendance or the minutes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.sample_files import EXE
from tests.workflows.engine.meetings.helpers import MONDAY, THURSDAY_NEXT, at, visit  # noqa: F401
from tests.workflows.engine.meetings.test_meetings import scheduled
from workflows.engine.exceptions import InvalidState
from workflows.engine.meetings.models import Meeting, MeetingReschedule, MinutesFile
from workflows.engine.meetings.services import (
    close_meeting,
    record_attendance,
    record_minutes,
    reschedule_meeting,
    schedule_meeting,
)

pytestmark = pytest.mark.django_db
AFTER = THURSDAY_NEXT + datetime.timedelta(hours=2)


def refused(field, message, call, **kwargs):
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert message in " ".join(error.value.message_dict[field])


@pytest.mark.parametrize(("when", "field", "message"), [
    (MONDAY - datetime.timedelta(hours=1), "starts_at", "会议时间不能早于现在"),
    (datetime.datetime(2021, 11, 30, 9, 0, tzinfo=MONDAY.tzinfo), "starts_at", "不能晚于本环节的办理期限"),
    (None, "starts_at", "请填写会议时间"),
])
def test_a_bad_time_is_refused_and_nothing_is_written(visit, city, when, field, message):  # noqa: F811
    with at(MONDAY):
        refused(field, message, schedule_meeting, item=visit.item, by=city.city, starts_at=when, place="会议室",
                participants=visit.participants(city))
    assert not Meeting.objects.exists() and not Notification.objects.filter(kind__startswith="meeting").exists()
    assert not AuditEvent.objects.filter(action__startswith="meeting_").exists()


@pytest.mark.parametrize(("people", "place", "field", "message"), [
    ("none", "会议室", "participants", "请至少选择一名参会人"),
    ("outsider-as-item", "会议室", "participants", "不是申报单位的人员"),
    ("outsider-as-expert", "会议室", "participants", "不是本处室专家库中的专家"),
    ("inspector-twice", "会议室", "participants", "不能重复"),
    ("nobody", "会议室", "participants", "未找到编号为"),
    ("expert-as-chair", "会议室", "participants", "不是有效的参会身份"),
    ("ok", "  ", "place", "请填写会议地点"),
])
def test_bad_participants_or_place_are_refused(visit, city, people, place, field, message):  # noqa: F811
    rows = {"none": [], "outsider-as-item": [{"user": visit.outsider.pk, "role": "item"}],
            "outsider-as-expert": [{"user": visit.outsider.pk, "role": "expert"}],
            "inspector-twice": [{"user": visit.inspector.pk, "role": "inspector"}] * 2,
            "nobody": [{"user": 999999, "role": "staff"}],
            "expert-as-chair": [{"user": visit.expert.pk, "role": "chair"}],
            "ok": visit.participants(city)}[people]
    with at(MONDAY):
        refused(field, message, schedule_meeting, item=visit.item, by=city.city, starts_at=THURSDAY_NEXT,
                place=place, participants=rows)
    assert not Meeting.objects.exists()


def test_a_second_schedule_is_refused_the_reschedule_needs_a_reason_and_a_change(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    with at(MONDAY):
        with pytest.raises(InvalidState, match="请改期"):
            schedule_meeting(item=visit.item, by=city.city, starts_at=THURSDAY_NEXT, place="会议室",
                             participants=visit.participants(city))
        refused("reason", "请填写改期理由", reschedule_meeting, meeting=meeting, by=city.city,
                starts_at=THURSDAY_NEXT + datetime.timedelta(days=1), reason=" ")
        refused("starts_at", "与原安排相同", reschedule_meeting, meeting=meeting, by=city.city,
                starts_at=THURSDAY_NEXT, reason="改期")
        refused("starts_at", "不能早于现在", reschedule_meeting, meeting=meeting, by=city.city,
                starts_at=MONDAY - datetime.timedelta(days=1), reason="改期")
    assert not MeetingReschedule.objects.exists() and Meeting.objects.get().revision == 0


def test_nothing_is_recorded_before_the_meeting_and_closing_needs_everything(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    with at(MONDAY):
        refused("minutes", "会议尚未召开", record_minutes, meeting=meeting, by=city.city, text="提前写好")
        refused("attendance", "会议尚未召开", record_attendance, meeting=meeting, by=city.city,
                attendance={visit.expert.pk: "present"})
    with at(AFTER):
        refused("attendance", "不是本次会议的参会人", record_attendance, meeting=meeting, by=city.city,
                attendance={visit.outsider.pk: "present"})
        refused("attendance", "选择出席、缺席或请假", record_attendance, meeting=meeting, by=city.city,
                attendance={visit.expert.pk: "maybe"})
        refused("minutes", "请填写会议纪要", record_minutes, meeting=meeting, by=city.city, text="")
        with pytest.raises(ValidationError):
            record_minutes(meeting=meeting, by=city.city, text="纪要", files=[SimpleUploadedFile("纪要.pdf", EXE)])
        record_attendance(meeting=meeting, by=city.city, attendance={visit.expert.pk: "present"})
        refused("attendance", "督学乙", close_meeting, meeting=meeting, by=city.city)
        record_attendance(meeting=meeting, by=city.city, attendance={
            visit.inspector.pk: "absent", city.head.pk: "present", city.city.pk: "present"})
        refused("minutes", "请先记录会议纪要", close_meeting, meeting=meeting, by=city.city)
    meeting.refresh_from_db()
    assert meeting.minutes == "" and meeting.state == "scheduled" and not MinutesFile.objects.exists()


def test_a_closed_meeting_is_not_changed_again(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    with at(AFTER):
        record_attendance(meeting=meeting, by=city.city, attendance={
            visit.expert.pk: "present", visit.inspector.pk: "present", city.head.pk: "present",
            city.city.pk: "present"})
        record_minutes(meeting=meeting, by=city.city, text="纪要")
        close_meeting(meeting=meeting, by=city.city)
        with pytest.raises(InvalidState, match="会议已结束"):
            record_minutes(meeting=meeting, by=city.city, text="改写")
        with pytest.raises(InvalidState, match="会议已结束"):
            reschedule_meeting(meeting=meeting, by=city.city, starts_at=AFTER + datetime.timedelta(days=1),
                               reason="再开一次")
    assert Meeting.objects.get().minutes == "纪要"
