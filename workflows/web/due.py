"""Deadlines as the pages show them: when a task is due, "待定" while its calendar year is missing,
and the order soonest first. Which items are overdue is the engine's search (overdue_item_ids)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone

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


def for_tasks(task_ids) -> dict[int, Due]:
    """Each task's deadline, in one query; tasks without one are left out."""
    rows = TaskDeadline.objects.filter(task_id__in=list(task_ids)).values_list("task_id", "due_at")
    return {task_id: Due(at=due_at, pending=due_at is None) for task_id, due_at in rows}


def order_by_due(tasks: QuerySet) -> QuerySet:
    """Soonest deadline first; pending deadlines and tasks without one after them; then oldest."""
    return tasks.order_by(F("deadline__due_at").asc(nulls_last=True), "created", "pk")

