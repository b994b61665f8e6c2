"""The monthly visit reminder: from the 20th (settings.ROUTINE_VISIT_REMIND_DAY) the daily beat
tells each 责任督学 of each school of their zone not yet visited this month — once per school
and month, however often it runs, never of a school visited, afresh next month."""

import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from notifications.models import Notification, OutboxState
from workflows.inspection.routine import beat, messages
from workflows.inspection.routine.tasks import routine_daily
from workflows.inspection.routine.visits import record_visit

pytestmark = pytest.mark.django_db


def _reminded():
    rows = Notification.objects.filter(kind=messages.VISIT_DUE).order_by("key")
    return sorted((row.recipient.username, row.params["title"], row.params["month"]) for row in rows)


def _visit(routine, school, day):
    record_visit(by=routine.inspector, school=school, visited_on=day, kinds=["patrol"], findings="巡查。")


def test_the_beat_entry_is_written_after_migrate(db):
    beat.on_post_migrate(sender=None)
    entry = PeriodicTask.objects.get(name=beat.PERIODIC_TASK_NAME)
    assert (entry.task, entry.enabled, entry.crontab.hour, entry.crontab.minute) == (
        "inspection.routine_daily", True, "8", "30")


def test_reminded_once_per_unvisited_school_and_month(routine, clock):
    _visit(routine, routine.city.school_a, datetime.date(2021, 9, 3))
    _visit(routine, routine.schools[1], datetime.date(2021, 8, 30))  # last month: not this month's
    assert routine_daily() == 0  # the 13th: before the reminder day
    clock.move_to(datetime.datetime(2021, 9, 20, 8, 30, tzinfo=routine.zone.created_at.tzinfo))
    assert routine_daily() == 5
    assert _reminded() == sorted([("马俊", f"和平{n}校", "2021-09") for n in range(2, 6)] +
                                 [("朱红", "沈河一校", "2021-09")])
    assert routine_daily() == 0 and routine_daily(on="2021-09-21") == 0  # the same day again, the next day
    assert Notification.objects.filter(kind=messages.VISIT_DUE).count() == 5
    # Through the outbox: each message published with its deliveries, linking to the visit form.
    sent = Notification.objects.filter(kind=messages.VISIT_DUE)
    assert set(sent.values_list("state", flat=True)) == {OutboxState.PUBLISHED}
    assert sent.get(params__title="和平2校").link == f"/inspection/routine/visits/new/?school={routine.schools[1].pk}"


def test_a_school_visited_before_the_reminder_is_not_named_and_next_month_reminds_afresh(routine):
    for school in routine.schools[:4]:
        _visit(routine, school, datetime.date(2021, 9, 10))
    assert routine_daily(on="2021-09-20") == 2
    assert ("马俊", "和平5校", "2021-09") in _reminded() and len(_reminded()) == 2
    assert routine_daily(on="2021-10-20") == 6
    assert {month for _who, _school, month in _reminded()} == {"2021-09", "2021-10"}


def test_an_inspector_without_the_role_is_not_reminded(routine):
    routine.inspector_b.role_grants.all().delete()
    assert routine_daily(on="2021-09-20") == 5
    assert {who for who, _school, _month in _reminded()} == {"马俊"}
