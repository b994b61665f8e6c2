"""A year without calendar data never blocks work: the task opens with its deadline pending and an
incident names the year; entering the year computes the deadline, arms the timeout, schedules the
reminders and resolves the incident, in batches whose own query count does not grow per task."""

import pytest
import time_machine
from celery import current_app
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.calendar import install_test_calendar
from core.calendar.models import CalendarSource, CalendarYear
from core.calendar.services import enter_year
from core.incidents.models import Incident, IncidentStatus
from core.incidents.services import retry_incident
from tests.celery_queue import purge_queued, run_queued
from tests.city import build_city
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from tests.workflows.engine.deadline_helpers import (
    deadline,
    local,
    pending_reminders,
    returned_item,
    timer_of,
)
from workflows.engine import services
from workflows.engine.deadlines import planning as deadline_planning
from workflows.engine.deadlines import services as deadlines
from workflows.engine.deadlines.models import PendingReason
from workflows.tasks import RECOMPUTE_TASK_NAME, fire_timers

# Monday 28 December 2026: the official calendar (chinesecalendar) ends with 2026.
LATE_DECEMBER = local(2026, 12, 28, 10, 0)


@pytest.fixture
def city(db):
    purge_queued()  # the in-memory broker keeps what earlier tests in this process queued
    install_test_calendar([2026])
    CalendarYear.objects.filter(year__gt=2026).delete()
    with time_machine.travel(LATE_DECEMBER, tick=False):
        city = build_city()
    city.district_a.head = city.district_head  # so that escalations have someone to go to
    city.district_a.save(update_fields=["head"])
    return city


def incident_2027():
    return Incident.objects.get(kind=deadlines.INCIDENT_KIND, key="2027")


def test_a_missing_year_leaves_the_deadline_pending_and_raises_an_incident_but_the_act_succeeds(city):
    item = returned_item(city, at=LATE_DECEMBER)
    assert reload(item).status == "returned"
    revise = open_task(item)
    row = deadline(revise)
    assert (row.due_at, row.pending_year, row.pending_reason) == (None, 2027, PendingReason.CALENDAR_YEAR_MISSING)
    assert timer_of(revise).scheduled is None  # not armed
    assert pending_reminders(revise) == {}
    incident = incident_2027()
    assert incident.is_open and incident.payload == {"year": 2027} and "2027" in incident.title
    assert incident.occurrences == 2  # the district review, then the revision step


def test_entering_the_year_computes_the_deadline_arms_the_timeout_schedules_reminders_and_resolves(
    city, django_capture_on_commit_callbacks
):
    item = returned_item(city, at=LATE_DECEMBER)
    revise = open_task(item)
    with time_machine.travel(local(2026, 12, 30, 9, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            enter_year(year=2027, source=CalendarSource.ADMIN)  # weekends off, holidays not marked yet
        assert deadline(revise).due_at is None  # the admin's request only queued the recount
        assert run_queued(RECOMPUTE_TASK_NAME) == 1  # as a worker would
    # 29, 30, 31 Dec, Fri 1 Jan (a working day until the admin marks it), 4–8, 11 Jan: the 10th.
    due = local(2027, 1, 11, 17, 30)
    row = deadline(revise)
    assert (row.due_at, row.pending_year, row.revision) == (due, None, 1)
    assert timer_of(revise).scheduled == due
    assert pending_reminders(revise) == {
        f"task:{revise.pk}:due1:reminder:3": local(2027, 1, 6, 9, 0),
        f"task:{revise.pk}:due1:reminder:1": local(2027, 1, 8, 9, 0),
        f"task:{revise.pk}:due1:reminder:0": local(2027, 1, 11, 9, 0),
        # The school has no head: the submitter's first escalation goes up to the district's.
        f"task:{revise.pk}:due1:escalation:1": local(2027, 1, 12, 9, 0),
    }
    incident = incident_2027()
    assert incident.status == IncidentStatus.RESOLVED


def test_a_known_due_date_whose_escalations_need_the_next_year_waits_for_it(city, django_capture_on_commit_callbacks):
    with time_machine.travel(local(2026, 12, 24, 10, 0), tick=False):
        item = submitted_item(city)
    task = open_task(item)
    row = deadline(task)
    # Due Thursday 31 December; its first escalation falls in 2027.
    assert (row.due_at, row.pending_year) == (local(2026, 12, 31, 17, 30), 2027)
    assert pending_reminders(task) == {}
    assert incident_2027().is_open

    with time_machine.travel(local(2026, 12, 25, 9, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            enter_year(year=2027, source=CalendarSource.ADMIN)
        assert run_queued(RECOMPUTE_TASK_NAME) == 1
    row = deadline(task)
    assert (row.due_at, row.pending_year, row.revision) == (local(2026, 12, 31, 17, 30), None, 1)
    assert pending_reminders(task) == {
        f"task:{task.pk}:due1:reminder:3": local(2026, 12, 28, 9, 0),
        f"task:{task.pk}:due1:reminder:1": local(2026, 12, 30, 9, 0),
        f"task:{task.pk}:due1:reminder:0": local(2026, 12, 31, 9, 0),
        f"task:{task.pk}:due1:escalation:1": local(2027, 1, 1, 9, 0),
    }


def test_the_incidents_retry_fails_while_the_year_is_missing_and_succeeds_once_it_is_entered(city):
    returned_item(city, at=LATE_DECEMBER)
    incident = retry_incident(incident_2027())
    assert incident.is_open and "2027" in incident.last_error

    enter_year(year=2027, source=CalendarSource.ADMIN)  # its on_commit signal never runs here
    incident = retry_incident(incident_2027())
    assert incident.status == IncidentStatus.RESOLVED and incident.attempts == 2
    assert not deadlines.recompute_deadlines(years=[2027])


def test_the_beat_task_computes_what_a_lost_signal_left_pending(city):
    item = returned_item(city, at=LATE_DECEMBER)
    enter_year(year=2027, source=CalendarSource.ADMIN)  # its on_commit signal never runs here
    revise = open_task(item)
    assert deadline(revise).due_at is None
    with time_machine.travel(local(2026, 12, 30, 9, 0), tick=False):
        assert fire_timers(now=local(2026, 12, 30, 9, 0).isoformat()) == 0
    assert deadline(revise).due_at == timer_of(revise).scheduled == local(2027, 1, 11, 17, 30)
    assert len(pending_reminders(revise)) == 4
    assert incident_2027().status == IncidentStatus.RESOLVED
    assert deadlines.catch_up() == []


def test_a_task_closed_before_the_year_arrives_is_left_alone(city, django_capture_on_commit_callbacks):
    item = returned_item(city, at=LATE_DECEMBER)
    revise = open_task(item)
    with time_machine.travel(local(2026, 12, 29, 9, 0), tick=False):
        services.resubmit_item(task=revise, by=city.head)
    with django_capture_on_commit_callbacks(execute=True):
        enter_year(year=2027, source=CalendarSource.ADMIN)
    assert run_queued(RECOMPUTE_TASK_NAME) == 1
    assert deadline(revise).due_at is None
    assert pending_reminders(revise) == {}
    assert deadline(open_task(item)).due_at is not None  # the district review, opened again


def _recompute_measured(monkeypatch):
    """(the recomputation's own statements, one count of statements per schedule_deadline call)."""
    inside = []
    schedule = deadline_planning.schedule_deadline

    def measured(**kwargs):
        with CaptureQueriesContext(connection) as queries:
            result = schedule(**kwargs)
        inside.append(len(queries))
        return result

    monkeypatch.setattr(deadline_planning, "schedule_deadline", measured)
    with CaptureQueriesContext(connection) as queries:
        still_missing = deadlines.recompute_deadlines(years=[2027])
    assert still_missing == []
    return len(queries) - sum(inside), inside


def test_recomputing_costs_the_same_queries_for_2_tasks_as_for_9(city, monkeypatch):
    def pending_tasks(count):
        with time_machine.travel(LATE_DECEMBER, tick=False):
            for number in range(count):
                submitted_item(city, title=f"申报{number}")

    def recompute():
        enter_year(year=2027, source=CalendarSource.ADMIN)
        with time_machine.travel(local(2026, 12, 28, 12, 0), tick=False):
            return _recompute_measured(monkeypatch)

    pending_tasks(2)
    own_for_2, scheduled = recompute()
    assert len(scheduled) == 2

    CalendarYear.objects.filter(year=2027).delete()
    pending_tasks(7)
    own_for_9, scheduled = recompute()  # the 7 pending, and the 2 whose dates lie in 2027
    # notifications plans each task's reminders with its own statements; ours stay the same.
    assert len(scheduled) == 9
    assert own_for_9 == own_for_2 <= 30


@pytest.fixture
def broker_down():
    """The app's broker is a port nobody listens on, and publishing does not retry."""
    app = current_app
    saved = app.conf.broker_url, app.conf.task_publish_retry
    app.conf.broker_url, app.conf.task_publish_retry = "redis://127.0.0.1:1/0", False
    app._pool = None  # the connection pool and producer pool keep the old broker's connections
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url, app.conf.task_publish_retry = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_without_a_broker_the_recount_runs_in_the_request(city, broker_down, django_capture_on_commit_callbacks):
    item = returned_item(city, at=LATE_DECEMBER)
    revise = open_task(item)
    with time_machine.travel(local(2026, 12, 30, 9, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            enter_year(year=2027, source=CalendarSource.ADMIN)
    assert deadline(revise).due_at == local(2027, 1, 11, 17, 30)
    assert incident_2027().status == IncidentStatus.RESOLVED
