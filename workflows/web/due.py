"""Deadlines as the pages show them: when a task is due, "待定" while its calendar year is missing,
and the order soonest first. Which items are overdue is the engine's search (overdue_item_ids)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine.deadlines.models import TaskDeadline


@dataclass(frozen=True)
class Due:
    at: datetime | None = None
    # The deadline waits for a calendar year an administrator has not entered yet.
    pending: bool = False

    @property
    def overdue(self) -> bool:
        return self.at is not None and self.at < timezone.now()


NO_DEADLINE = Due()


def due_text(due: Due) -> str:
    """A deadline in words, as _due.html shows it (the 审批单 and the Excel exports)."""
    if due.pending:
        return _("待定")
    if due.at is None:
        return _("无期限")
    moment = timezone.localtime(due.at).strftime("%Y-%m-%d %H:%M")
    return f"{moment} {_('已逾期')}" if due.overdue else moment


def for_tasks(task_ids) -> dict[int, Due]:
    """Each task's deadline, in one query; tasks without one are left out."""
    rows = TaskDeadline.objects.filter(task_id__in=list(task_ids)).values_list("task_id", "due_at")
    return {task_id: Due(at=due_at, pending=due_at is None) for task_id, due_at in rows}


def order_by_due(tasks: QuerySet) -> QuerySet:
    """Soonest deadline first; pending deadlines and tasks without one after them; then oldest."""
    return tasks.order_by(F("deadline__due_at").asc(nulls_last=True), "created", "pk")

