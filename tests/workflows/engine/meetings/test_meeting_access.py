"""Who may schedule and record a meeting and who sees it, tried from outside: another district's
reviewer, the school itself, a participant who is not the handler, and anyone signed out. Who may
not see the meeting learns nothing (404), one who sees it but may not manage it is refused (403);
nothing is written either way."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.workflows.engine.meetings.helpers import MONDAY, THURSDAY_NEXT, at, visit  # noqa: F401
from tests.workflows.engine.meetings.test_meetings import scheduled
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.meetings import rules
from workflows.engine.meetings.models import Meeting, MeetingReschedule
from workflows.engine.meetings.services import close_meeting, record_minutes, reschedule_meeting, schedule_meeting

pytestmark = pytest.mark.django_db


def test_only_the_handler_or_the_department_schedules(visit, city):  # noqa: F811
    attempts = [(visit.outsider, NotFound), (city.reviewer_b, NotFound), (AnonymousUser(), NotFound),
                (city.head, NotAllowed), (city.reviewer, NotAllowed), (visit.expert, NotFound)]
    for user, error in attempts:
        with at(MONDAY), pytest.raises(error):
            schedule_meeting(item=visit.item, by=user, starts_at=THURSDAY_NEXT, place="会议室",
                             participants=visit.participants(city))
    assert not Meeting.objects.exists()


def test_a_participant_sees_the_meeting_but_may_not_change_it(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    assert rules.visible_meeting(visit.expert, meeting) == meeting  # a participant, though not of the item's scope
    with at(MONDAY):
        for user in (visit.expert, visit.inspector, city.head):
            with pytest.raises(NotAllowed if user is city.head else NotFound):
                reschedule_meeting(meeting=meeting, by=user, starts_at=THURSDAY_NEXT + datetime.timedelta(days=1),
                                   reason="想改")
    with at(THURSDAY_NEXT + datetime.timedelta(hours=2)):
        for user in (visit.expert, visit.outsider, AnonymousUser()):
            with pytest.raises((NotFound, NotAllowed)):
                record_minutes(meeting=meeting, by=user, text="伪造的纪要")
            with pytest.raises((NotFound, NotAllowed)):
                close_meeting(meeting=meeting, by=user)
    assert not MeetingReschedule.objects.exists() and Meeting.objects.get().minutes == ""


def test_outsiders_do_not_see_the_meeting_at_all(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    for user in (visit.outsider, city.reviewer_b, city.head_b, AnonymousUser()):
        assert not rules.visible_meetings(user).exists()
        with pytest.raises(NotFound):
            rules.visible_meeting(user, meeting.pk)
    with pytest.raises(NotFound):
        rules.visible_meeting(city.city, "1 OR 1=1")
