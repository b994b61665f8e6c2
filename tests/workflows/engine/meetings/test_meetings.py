"""The meeting step on the sample VisitFlow's optional 实地考察: the department schedules the visit
with its participants, who are told (email too); it is rescheduled with a reason; after it, the
attendance and the minutes are recorded and the meeting closed, and only then does 通过 move the
item on. Each change is one audited service; refusals write nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.sample_files import PDF
from tests.sampleapp.visit_models import SampleVisit
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.meetings.helpers import MONDAY, THURSDAY_NEXT, at, visit  # noqa: F401
from workflows.engine import services
from workflows.engine.exceptions import InvalidState
from workflows.engine.meetings import rules
from workflows.engine.meetings.models import Meeting, MeetingReschedule, MeetingState
from workflows.engine.meetings.services import (
    close_meeting,
    record_attendance,
    record_minutes,
    reschedule_meeting,
    schedule_meeting,
)

pytestmark = pytest.mark.django_db
S = SampleVisit.Status


def scheduled(visit, city, when=THURSDAY_NEXT):  # noqa: F811
    with at(MONDAY):
        return schedule_meeting(item=visit.item, by=city.city, starts_at=when, place="和平一校会议室",
                                participants=visit.participants(city), agenda="查看校舍，听取汇报")


def test_the_visit_is_scheduled_held_recorded_and_closed_then_approved(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    assert (meeting.state, meeting.title, meeting.remind_days) == (MeetingState.SCHEDULED, "实地考察会", [3, 1])
    told = Notification.objects.filter(kind="meeting_scheduled")
    assert {n.recipient_id for n in told} == {visit.expert.pk, visit.inspector.pk, city.head.pk, city.city.pk}
    assert told.first().template == "meeting" and told.first().params["place"] == "和平一校会议室"
    assert AuditEvent.objects.get(action="meeting_scheduled").data["participants"][0] == {
        "user": visit.expert.pk, "role": "expert"}
    with at(THURSDAY_NEXT + datetime.timedelta(hours=3)):
        record_attendance(meeting=meeting, by=city.city, attendance={
            visit.expert.pk: "present", visit.inspector.pk: "present", city.head.pk: "present",
            city.city.pk: {"attendance": "excused", "note": "另有公务"}})
        record_minutes(meeting=meeting, by=city.city, text="校舍达标，资料齐全。",
                       files=[SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf")])
        close_meeting(meeting=meeting, by=city.city)
        services.approve_task(task=open_task(visit.item), by=city.city)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED and meeting.files.get().name == "纪要.pdf"
    assert reload(visit.item).status == S.CITY_REVIEW
    assert set(AuditEvent.objects.filter(action__startswith="meeting_").values_list("action", flat=True)) == {
        "meeting_scheduled", "meeting_attendance", "meeting_minutes", "meeting_closed"}


def test_approving_before_the_meeting_is_scheduled_or_closed_is_refused(visit, city):  # noqa: F811
    with at(MONDAY), pytest.raises(InvalidState, match="需先安排并召开会议"):
        services.approve_task(task=open_task(visit.item), by=city.city)
    scheduled(visit, city)
    for act in (services.approve_task, services.reject_task):
        with at(MONDAY), pytest.raises(InvalidState, match="会议尚未结束"):
            act(task=open_task(visit.item), by=city.city, **({"comment": "不符合"} if act is services.reject_task
                                                              else {}))
    assert reload(visit.item).status == S.ONSITE_VISIT


def test_rejecting_without_a_meeting_is_allowed(visit, city):  # noqa: F811
    with at(MONDAY):
        services.reject_task(task=open_task(visit.item), by=city.city, comment="材料不实，无需考察")
    assert reload(visit.item).status == S.REJECTED


def test_a_reschedule_keeps_the_reason_and_who_and_tells_everyone_again(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    later = THURSDAY_NEXT + datetime.timedelta(days=1)
    with at(MONDAY):
        reschedule_meeting(meeting=meeting, by=city.city_head, starts_at=later, place="和平区教师进修学校",
                           reason="专家临时出差")
    meeting.refresh_from_db()
    change = MeetingReschedule.objects.get()
    assert (change.old_starts_at, change.new_starts_at, change.reason, change.by) == (
        THURSDAY_NEXT, later, "专家临时出差", city.city_head)
    assert (meeting.starts_at, meeting.place, meeting.revision) == (later, "和平区教师进修学校", 1)
    moved = Notification.objects.filter(kind="meeting_rescheduled")
    assert moved.count() == 4 and moved.first().params["reason"] == "专家临时出差"
    assert AuditEvent.objects.get(action="meeting_rescheduled").comment == "专家临时出差"


def test_my_meetings_lists_the_participants_own(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    assert list(rules.my_meetings(visit.inspector)) == [meeting]
    assert list(rules.my_meetings(visit.outsider)) == []
    assert list(rules.visible_meetings(city.reviewer)) == [meeting]  # the item's district sees its meeting
    assert Meeting.objects.count() == 1
