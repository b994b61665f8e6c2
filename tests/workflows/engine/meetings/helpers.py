"""A VisitFlow item at its on-site visit (a MeetingStep), in the 2021 calendar: Monday 13
September 2021, the week before the Mid-Autumn holiday (19–21 September; Saturday 18 a make-up
working day)."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import timezone

from core.calendar import install_test_calendar
from core.orgs.models import User
from core.orgs.roles import Role
from tests.factories import person
from tests.sampleapp.visit_models import SampleProgramme
from tests.sampleapp.visits import visit_create, visit_submit
from tests.workflows.engine.conftest import open_task, reload
from workflows.engine import services

TZ = timezone.get_default_timezone()
MONDAY = datetime.datetime(2021, 9, 13, 10, 0, tzinfo=TZ)
THURSDAY_NEXT = datetime.datetime(2021, 9, 23, 9, 30, tzinfo=TZ)  # the visit's day


def at(moment):
    return time_machine.travel(moment, tick=False)


@dataclass
class Visit:
    item: object
    expert: object
    inspector: object
    outsider: object

    def participants(self, city):
        return [{"user": self.expert.pk, "role": "expert"}, {"user": self.inspector.pk, "role": "inspector"},
                {"user": city.head.pk, "role": "item"}, {"user": city.city.pk, "role": "staff"}]


def _one(username, role, organisation):
    """The named person, made once per test city."""
    return User.objects.filter(username=username).first() or person(username, role, organisation)


def visit_at_meeting(city, title="示范校认定申报", on=MONDAY) -> Visit:
    """An item submitted and passed by its district `on` (default MONDAY): its visit is the open step."""
    install_test_calendar([2021])
    with at(on):
        item = visit_create(organisation=city.school_a, owner_department=city.department, by=city.head, title=title,
                            programme=SampleProgramme.objects.get_or_create(name="示范校", onsite_visit=True)[0])
        visit_submit(item=item, by=city.head)
        services.approve_task(task=open_task(item), by=city.reviewer)
    return Visit(item=reload(item), expert=_one("专家甲", Role.EXPERT, city.bureau),
                 inspector=_one("督学乙", Role.INSPECTOR, city.district_a),
                 outsider=_one("他区审核员", Role.DISTRICT_REVIEWER, city.district_b))


@pytest.fixture
def visit(city):
    return visit_at_meeting(city)


def hold_meeting(item, by, people, *, when=None):
    """Schedule the item's meeting at `when` (default: tomorrow), then, an hour after it, everyone
    present, the minutes, closed: what a MeetingStep's 通过 waits for. Returns the meeting."""
    from workflows.engine.meetings import services as meetings

    when = when or timezone.now() + datetime.timedelta(days=1)
    meeting = meetings.schedule_meeting(item=item, by=by, starts_at=when, place="会议室",
                                        participants=[{"user": user.pk, "role": role} for user, role in people])
    with at(when + datetime.timedelta(hours=1)):
        meetings.record_attendance(meeting=meeting, by=by, attendance={user.pk: "present" for user, _ in people})
        meetings.record_minutes(meeting=meeting, by=by, text="考察完毕。")
        meetings.close_meeting(meeting=meeting, by=by)
    return meeting
