"""Each member task of a multi-person step has its own deadline, reminders and armed timeout,
like a Step's task; every way a member task closes without being decided (the step decided, a
timeout, 减签, 加签 before the handler) cancels its reminders and its timer."""

import pytest
import time_machine
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.calendar import install_test_calendar
from tests.sampleapp.panels import CountersignFlow, SequenceFlow
from tests.workflows.engine.campaign_helpers import local
from tests.workflows.engine.conftest import reload
from tests.workflows.engine.deadline_helpers import deadline, pending_reminders, timer_of
from tests.workflows.engine.multi_helpers import actions, build_panel, group_of, member_tasks, states, submitted
from workflows.engine import services
from workflows.tasks import fire_timers

OPENED = local(2021, 9, 27, 10, 0)
DUE = local(2021, 10, 9, 17, 30)  # 5 working days after Monday 27 September: Saturday 9 October is a make-up day


@pytest.fixture
def panel(db):
    install_test_calendar([2021])
    with time_machine.travel(OPENED, tick=False):
        return build_panel()


@pytest.fixture
def countersign(panel):
    with time_machine.travel(OPENED, tick=False):
        return submitted(panel, CountersignFlow)


def armed(task) -> bool:
    return timer_of(task) is not None and timer_of(task).status == STATUS.SCHEDULED


def test_every_member_task_has_its_deadline_reminders_and_timer(countersign):
    tasks = member_tasks(countersign).values()
    assert len(tasks) == 3
    for task in tasks:
        assert deadline(task).due_at == DUE
        assert pending_reminders(task)
        assert armed(task)
        assert timer_of(task).scheduled == DUE


def test_cancelled_member_tasks_lose_their_reminders_and_timers(panel, countersign):
    tasks = member_tasks(countersign)
    with time_machine.travel(OPENED + timezone.timedelta(days=1), tick=False):
        services.reject_task(task=tasks["reviewer"], by=panel.city.reviewer, comment="不符合条件")
    for name in ("reviewer2", "reviewer3"):
        assert Task.objects.get(pk=tasks[name].pk).status == STATUS.CANCELED
        assert pending_reminders(tasks[name]) == {}
        assert timer_of(tasks[name]) is None  # cancelled
    assert pending_reminders(tasks["reviewer"]) == {} and timer_of(tasks["reviewer"]) is None


def test_a_member_timeout_ends_the_whole_step(panel, countersign):
    tasks = member_tasks(countersign)
    with time_machine.travel(OPENED + timezone.timedelta(days=1), tick=False):
        services.approve_task(task=tasks["reviewer"], by=panel.city.reviewer)
    after_due = DUE + timezone.timedelta(minutes=1)
    with time_machine.travel(after_due, tick=False):
        # The first timer to fire ends the step; the other member's timer was cancelled with it.
        assert fire_timers(now=after_due.isoformat()) == 1
    item = reload(countersign)
    assert item.status == "rejected"
    assert actions(item)[-1] == ("timeout", "district_review", "rejected")
    assert [state for _, state in states(item)] == ["approve", "cancelled", "cancelled"]
    for name in ("reviewer2", "reviewer3"):
        assert Task.objects.get(pk=tasks[name].pk).status == STATUS.CANCELED
        assert pending_reminders(tasks[name]) == {}
        assert not armed(tasks[name])  # one fired, the other was cancelled
    assert fire_timers(now=(after_due + timezone.timedelta(minutes=1)).isoformat()) == 0


def test_a_removed_members_task_loses_its_reminders_and_timer(panel, countersign):
    tasks = member_tasks(countersign)
    with time_machine.travel(OPENED, tick=False):
        services.remove_signer_from_step(group=group_of(countersign), by=panel.city.city, user=panel.reviewer3)
    assert Task.objects.get(pk=tasks["reviewer3"].pk).status == STATUS.CANCELED
    assert pending_reminders(tasks["reviewer3"]) == {} and timer_of(tasks["reviewer3"]) is None
    assert armed(tasks["reviewer2"])


def test_adding_before_the_handler_in_sequence_closes_the_handlers_task_and_reopens_it_later(panel):
    with time_machine.travel(OPENED, tick=False):
        item = submitted(panel, SequenceFlow)
        first = member_tasks(item)["reviewer"]
        services.add_signer(task=first, by=panel.city.reviewer, user=panel.city.city, position="before")
    assert Task.objects.get(pk=first.pk).status == STATUS.CANCELED
    assert pending_reminders(first) == {} and timer_of(first) is None
    added = member_tasks(item)["city"]
    assert deadline(added).due_at == DUE and pending_reminders(added)
    with time_machine.travel(OPENED + timezone.timedelta(days=1), tick=False):
        services.approve_task(task=added, by=panel.city.city)
    again = member_tasks(item)["reviewer"]
    assert again.pk != first.pk and deadline(again).due_at > DUE  # counted from its own opening


def test_withdrawing_during_the_step_closes_every_member_task_with_its_reminders_and_timer(panel, countersign):
    tasks = member_tasks(countersign)
    with time_machine.travel(OPENED, tick=False):
        services.withdraw_item(item=countersign, by=panel.city.head, comment="材料有误")
    assert reload(countersign).status == "withdrawn"
    for task in tasks.values():
        assert Task.objects.get(pk=task.pk).status == STATUS.CANCELED
        assert pending_reminders(task) == {} and not armed(task)
