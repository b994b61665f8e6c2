"""Reminders before a meeting (time-machine, the official 2021 calendar): 3 working days before
the Thursday 23 September visit is Friday 17 (the Mid-Autumn holiday and its make-up Saturday
counted), 1 is Wednesday 22; nothing on the holiday, nothing twice, and a rescheduled meeting
reminds afresh. The beat's daily entry exists after migrate."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django_celery_beat.models import PeriodicTask

from notifications import delivering
from notifications.models import Delivery, Notification
from tests.workflows.engine.meetings.helpers import MONDAY, THURSDAY_NEXT, TZ, at, visit  # noqa: F401
from tests.workflows.engine.conftest import open_task
from tests.workflows.engine.meetings.test_meetings import scheduled
from workflows import tasks
from workflows.engine.meetings.reminders import remind_due
from workflows.engine.meetings.services import reschedule_meeting

pytestmark = pytest.mark.django_db


def morning(month, day):
    return datetime.datetime(2021, month, day, 7, 30, tzinfo=TZ)


def reminders():
    return sorted((n.params["days"], n.recipient_id) for n in Notification.objects.filter(kind="meeting_reminder"))


def test_three_and_one_working_days_before_each_once(visit, city):  # noqa: F811
    scheduled(visit, city)
    people = sorted([visit.expert.pk, visit.inspector.pk, city.head.pk, city.city.pk])
    for day in (14, 15, 16):
        with at(morning(9, day)):
            assert remind_due() == 0
    with at(morning(9, 17)):
        assert remind_due() == 4
        assert remind_due() == 0  # the beat running twice sends nothing new
    for day in (18, 19, 20, 21):  # Saturday 18 is a working day but still 2 before; 19-21 the holiday
        with at(morning(9, day)):
            assert remind_due() == 0
    with at(morning(9, 22)):
        assert tasks.meetings_daily() == 4
    with at(morning(9, 23)):
        assert remind_due() == 0  # the meeting's own day
    assert reminders() == sorted([(1, pk) for pk in people] + [(3, pk) for pk in people])
    reminder = Notification.objects.filter(kind="meeting_reminder").first()
    assert reminder.template == "meeting" and reminder.params["when"] == "2021-09-23 09:30"


def test_a_rescheduled_meeting_reminds_again_for_its_new_date(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    with at(morning(9, 17)):
        remind_due()
    with at(morning(9, 17) + datetime.timedelta(hours=1)):
        reschedule_meeting(meeting=meeting, by=city.city, starts_at=datetime.datetime(2021, 9, 28, 9, 0, tzinfo=TZ),
                           reason="节后召开")
    with at(morning(9, 23)):  # 3 working days before Tuesday 28: Friday 24 (Sunday 26 a make-up day, 27)
        assert remind_due() == 0
    with at(morning(9, 24)):
        assert remind_due() == 4
    assert {n.params["days"] for n in Notification.objects.filter(kind="meeting_reminder",
                                                                   key__contains=":r1:")} == {3}


def test_the_daily_beat_entry_is_written_after_migrate():
    entry = PeriodicTask.objects.get(task="workflows.meetings_daily")
    assert entry.enabled and (entry.crontab.hour, entry.crontab.minute) == ("7", "30")


def test_the_email_names_the_time_the_place_and_the_reason(visit, city):  # noqa: F811
    visit.expert.email = "expert@example.cn"
    visit.expert.save(update_fields=["email"])
    meeting = scheduled(visit, city)
    with at(MONDAY):
        reschedule_meeting(meeting=meeting, by=city.city, starts_at=datetime.datetime(2021, 9, 24, 14, 0, tzinfo=TZ),
                           place="区教师进修学校", reason="专家临时出差")
    mail.outbox.clear()
    about = Delivery.objects.filter(recipient=visit.expert, channel="email", notification__kind="meeting_rescheduled")
    delivering.deliver(list(about.values_list("pk", flat=True)))
    (sent,) = mail.outbox
    assert sent.to == ["expert@example.cn"] and "会议改期：示范校认定申报" in sent.subject
    for line in ("时间：2021-09-24 14:00", "地点：区教师进修学校", "原定：2021-09-23 09:30，和平一校会议室",
                 "改期理由：专家临时出差"):
        assert line in sent.body


def test_no_reminder_once_the_step_s_task_is_closed(visit, city):  # noqa: F811
    """A meeting still 已安排 whose step is no longer open (here its task cancelled, as a timeout or a
    cancelled process does) reminds nobody: it decides nothing any more."""
    scheduled(visit, city)
    task = open_task(visit.item)
    with at(morning(9, 16)), transaction.atomic():
        task.flow_task.activation_class(task).cancel()
    with at(morning(9, 17)):
        assert remind_due() == 0
    with at(morning(9, 22)):
        assert tasks.meetings_daily() == 0
    assert reminders() == []
