"""The rows of one page of a list, built in bulk: a fixed number of queries per page, whatever its
length (tests/workflows/web/test_query_counts.py counts them)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from viewflow.workflow.models import Task

from core.orgs.models import Organisation
from core.orgs.roles import role_at
from workflows.engine.models import OPEN, Item
from workflows.engine.reading.selectors import HUMAN, TaskEntry, task_entries
from workflows.engine.signing.panel_names import EXPERT, hidden_owners
from workflows.web import due
from workflows.web.due import Due


@dataclass
class TaskRow:
    entry: TaskEntry
    due: Due
    # 批量审批: the key of the step this row may be approved with others of (web.batch), or "".
    batch_step: str = ""

    @property
    def task(self):
        return self.entry.task

    @property
    def item(self):
        return self.entry.item

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def claimed(self) -> bool:
        return self.entry.claimed


def task_rows(tasks, user) -> list[TaskRow]:
    entries = task_entries(list(tasks), user)
    dues = due.for_tasks([entry.task.pk for entry in entries])
    return [TaskRow(entry, dues.get(entry.task.pk, due.NO_DEADLINE)) for entry in entries]


@dataclass
class OpenStep:
    """Where an item waits: the step, who it waits for, since when, until when."""

    task: Task
    title: str
    waiting_for: str
    since: datetime
    due: Due


@dataclass
class ItemRow:
    item: Item
    steps: list[OpenStep] = field(default_factory=list)


def waiting_for_labels(tasks) -> dict[int, str]:
    """Who each open task waits for, in words: a person, or a role at an organisation (the
    organisations in one query; the tasks' owners must be selected with them)."""
    queued = {int(task.owner_permission_obj_pk) for task in tasks if task.owner_id is None and task.owner_permission}
    organisations = Organisation.objects.in_bulk(queued)
    labels = {}
    for task in tasks:
        if task.owner_id is not None:
            labels[task.pk] = str(task.owner)
        elif task.owner_permission:
            organisation = organisations.get(int(task.owner_permission_obj_pk))
            labels[task.pk] = role_at(organisation, task.owner_permission)
        else:
            labels[task.pk] = ""
    return labels


def open_steps(item_ids, user) -> dict[int, list[OpenStep]]:
    """The open human steps of these items, by item id, oldest first; who each waits for, as
    `user` may know it."""
    tasks = list(
        Task.objects.filter(
            flow_task_type=HUMAN, status__in=OPEN,
            process__artifact_content_type=ContentType.objects.get_for_model(Item),
            process__artifact_object_id__in=list(item_ids),
        )
        .select_related("process", "owner")
        .order_by("created", "pk")
    )
    labels = waiting_for_labels(tasks)
    for task_pk in hidden_owners(tasks, user):
        labels[task_pk] = str(EXPERT)
    dues = due.for_tasks([task.pk for task in tasks])
    steps: dict[int, list[OpenStep]] = {}
    for task in tasks:
        steps.setdefault(task.process.artifact_object_id, []).append(
            OpenStep(task=task, title=str(task.flow_task.task_title), waiting_for=labels[task.pk],
                     since=task.created, due=dues.get(task.pk, due.NO_DEADLINE))
        )
    return steps


def item_rows(items, user) -> list[ItemRow]:
    items = [item.as_kind() for item in items]
    steps = open_steps((item.pk for item in items), user)
    return [ItemRow(item, steps.get(item.pk, [])) for item in items]


def decision_rows(decisions) -> list:
    """已办: the decisions (their item, organisation and task selected with them), each with the
    title of the step it returned to, if any."""
    decisions = list(decisions)
    for decision in decisions:
        decision.item.as_kind()
        target = decision.task.flow_task.flow_class.instance.node(decision.return_to, no_obsolete=True) \
            if decision.return_to else None
        decision.returned_to_title = str(target.task_title) if target is not None else decision.return_to
    return decisions


def copy_rows(copies) -> list:
    """抄送我的: the copies (their item, organisation, sender and task selected with them)."""
    copies = list(copies)
    for copy in copies:
        copy.item = copy.item.as_kind()
    return copies
