"""Shared by the deadline tests: local times, a returned item, a task's reminders and timeout."""

import time_machine
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from notifications.models import ScheduledReminder, ScheduleState
from tests.workflows.engine.campaign_helpers import local
from tests.workflows.engine.conftest import (
    EVE_OF_NATIONAL_DAY,
    open_task,
    submitted_item,
)
from workflows.engine import services
from workflows.engine.deadlines.models import TaskDeadline

__all__ = ["EVE_OF_NATIONAL_DAY", "deadline", "local", "pending_reminders", "returned_item",
           "timer_of"]


def deadline(task) -> TaskDeadline:
    return TaskDeadline.objects.get(task_id=task.pk)


def pending_reminders(task) -> dict:
    """{key: due_at} of the task's pending reminders and escalations."""
    rows = ScheduledReminder.objects.filter(key__startswith=f"task:{task.pk}:", state=ScheduleState.PENDING)
    return dict(rows.values_list("key", "due_at"))


def timer_of(task) -> Task | None:
    """The task's timeout (a viewflow timer task attached to it), if the step has one."""
    return Task.objects.filter(previous=task, flow_task_type="TIMER").exclude(status=STATUS.CANCELED).first()


def returned_item(city, *, at):
    """An item submitted and returned to its school for revision (退回修改) at `at`."""
    with time_machine.travel(at, tick=False):
        item = submitted_item(city)
        services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充自评报告。")
    return item
