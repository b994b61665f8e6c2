"""Timeout actions: the sample flow's revision step lapses when the school does not resubmit by its
deadline. The `workflows.fire_timers` beat task fires it at a given `now` through viewflow's
fire_due_timers(); the item's status moves by its FSM transition, with an audit event."""

import pytest
import time_machine
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from viewflow import this
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from core.audit.models import AuditEvent
from core.calendar import install_test_calendar
from core.orgs.roles import Role
from tests.city import build_city
from tests.sampleapp.models import SampleApplication
from tests.threads import row_locked
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from tests.workflows.engine.deadline_helpers import (
    deadline,
    local,
    pending_reminders,
    returned_item,
    timer_of,
)
from workflows.engine import services
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, RoleAt
from workflows.engine.checks import flow_errors
from workflows.engine.deadlines import beat
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.deadlines.timeouts import timer_due_at
from workflows.engine.flows import BaseFlow
from workflows.engine.nodes import Finish, Resubmit, Step, Submit
from workflows.tasks import fire_timers

RETURNED_AT = local(2021, 9, 30, 10, 0)
DUE = local(2021, 10, 20, 17, 30)  # 10 working days after the return, across the National Day


@pytest.fixture
def city(db):
    install_test_calendar([2021])
    with time_machine.travel(RETURNED_AT, tick=False):
        return build_city()


@pytest.fixture
def returned(city):
    return returned_item(city, at=RETURNED_AT)


def test_the_revision_step_is_armed_at_its_deadline(returned):
    revise = open_task(returned)
    assert deadline(revise).due_at == DUE
    timer = timer_of(revise)
    assert (timer.status, timer.scheduled, timer.flow_task.name) == (STATUS.SCHEDULED, DUE, "revise__timeout")


def test_the_beat_task_fires_nothing_before_the_given_now_reaches_the_deadline(returned):
    # The real clock is long past 2021: only `now` keeps the timer from firing.
    assert fire_timers(now=(DUE - timezone.timedelta(minutes=1)).isoformat()) == 0
    assert reload(returned).status == SampleApplication.Status.RETURNED


def test_the_beat_task_at_the_deadline_lapses_the_item_with_an_audit_event(returned):
    revise = open_task(returned)
    with time_machine.travel(DUE + timezone.timedelta(minutes=1), tick=False):
        assert fire_timers(now=(DUE + timezone.timedelta(minutes=1)).isoformat()) == 1
    item = reload(returned)
    assert item.status == SampleApplication.Status.LAPSED
    event = AuditEvent.objects.filter(action="timeout").get()
    assert (event.from_status, event.to_status, event.actor, event.data["step"], event.data["to"]) == (
        "returned", "lapsed", None, "revise", "lapsed"
    )
    assert event.data["due_at"] == [DUE.isoformat()]
    assert Task.objects.get(pk=revise.pk).status == STATUS.CANCELED
    assert Process.objects.get(pk=revise.process_id).status == PROCESS.DONE
    assert pending_reminders(revise) == {}
    # Fired once: a second run finds nothing.
    assert fire_timers(now=(DUE + timezone.timedelta(minutes=2)).isoformat()) == 0


@pytest.mark.django_db(transaction=True)
def test_a_process_someone_is_acting_on_is_skipped_until_the_next_run(on_postgres):
    install_test_calendar([2021])  # a transactional test starts with an empty calendar
    with time_machine.travel(RETURNED_AT, tick=False):
        item = returned_item(build_city(), at=RETURNED_AT)
    after_due = (DUE + timezone.timedelta(minutes=1)).isoformat()
    with row_locked(Process, open_task(item).process_id):
        assert fire_timers(now=after_due) == 0  # one NOWAIT attempt, no waiting
    assert reload(item).status == SampleApplication.Status.RETURNED
    assert fire_timers(now=after_due) == 1
    assert reload(item).status == SampleApplication.Status.LAPSED


def test_resubmitting_in_time_cancels_the_timeout(city, returned):
    revise = open_task(returned)
    timer = timer_of(revise)
    with time_machine.travel(local(2021, 10, 19, 9, 0), tick=False):
        services.resubmit_item(task=revise, by=city.head)
    assert Task.objects.get(pk=timer.pk).status == STATUS.CANCELED
    assert fire_timers(now=(DUE + timezone.timedelta(days=30)).isoformat()) == 0
    assert reload(returned).status == SampleApplication.Status.DISTRICT_REVIEW


def test_withdrawing_cancels_the_timeout_with_the_process(city):
    with time_machine.travel(RETURNED_AT, tick=False):
        item = submitted_item(city)
    assert timer_of(open_task(item)) is None  # the district review has a deadline but no timeout
    with time_machine.travel(RETURNED_AT, tick=False):
        services.withdraw_item(item=item, by=city.head, comment="材料有误")
    assert fire_timers(now=(DUE + timezone.timedelta(days=30)).isoformat()) == 0


def test_the_delay_never_raises_and_leaves_a_timer_without_a_deadline_unarmed(db):
    class Detached:
        host_task = Task(pk=987654321)

    class NoHost:
        pass

    assert timer_due_at(Detached()) is None
    assert timer_due_at(NoHost()) is None


def test_fire_timers_refuses_a_naive_now():
    with pytest.raises(ValueError):
        beat.fire_timers(now=timezone.datetime(2021, 10, 20, 18, 0))


def test_the_beat_entry_runs_every_minute_and_is_registered_once(db):
    # post_migrate wrote it when the test database was created; running it again changes nothing.
    beat.ensure_timer_schedule()
    beat.ensure_timer_schedule()
    entry = PeriodicTask.objects.get(task=beat.TASK_NAME)
    assert (entry.interval.every, entry.interval.period, entry.enabled) == (1, IntervalSchedule.MINUTES, True)
    assert PeriodicTask.objects.filter(name=beat.PERIODIC_TASK_NAME).count() == 1


def test_a_timeout_must_lead_to_a_reviewing_step_or_an_end():
    S = SampleApplication.Status

    class BrokenFlow(BaseFlow):
        item_model = SampleApplication
        start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG)).Next(this.review)
        review = (
            Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, limit=WorkingDays(5))
            .Approve(this.done)
            .ReturnTo(this.revise)
            .OnTimeout(this.revise)
        )
        revise = Resubmit(status=S.RETURNED, limit=WorkingDays(5)).OnTimeout(this.done)
        done = Finish(status=S.APPROVED)

    # The revision step's timeout to an end is fine (the flow declares returned → approved).
    assert flow_errors(BrokenFlow) == ["BrokenFlow.review: OnTimeout() must lead to a reviewing Step or a Finish"]
