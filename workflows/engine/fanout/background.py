"""A fan-out to thousands of targets, in the background: `FanOut(..., background=True)`.

Creating 1,600 children in the act that reached the fan-out would hold the parent's locks for
the whole of it and show nothing until the end. So that act only marks the fan-out's task as
dispatching (its task data; `step._children_finished` keeps it open meanwhile) and, once it has
committed, queues the job `workflows.fanout_dispatch`. The job creates the children in batches,
each batch one transaction under the parent process's lock: the targets that have no child yet,
in the targets' order. A job killed midway leaves whole batches behind; run again (a retry, a
second job, the beat's catch-up), it starts from the first target without a child, so nothing is
created twice (a kind that keeps one row per target adds its own unique constraint, through
`FanOut(created=...)`). The last batch clears the mark and, if every child has already finished,
moves the parent on (`join.continue_parent`).
"""

import logging
from dataclasses import dataclass

from celery import current_app
from django.db import transaction
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from workflows.engine.fanout import join
from workflows.engine.fanout.models import FanOutChild
from workflows.engine.locking import lock_waiting
from workflows.engine.models import item_of_process

logger = logging.getLogger(__name__)

TASK_NAME = "workflows.fanout_dispatch"
BATCH_SIZE = 200


@dataclass(frozen=True)
class Progress:
    """How far a fan-out's dispatch has come: `created` of `total` children."""

    created: int
    total: int
    dispatching: bool

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.created * 100 // self.total


def dispatch_after_commit(task_id: int) -> None:
    """Once the current transaction commits, queue the job that creates the children."""
    transaction.on_commit(lambda: _publish(task_id))


def _publish(task_id: int) -> None:
    try:
        current_app.send_task(TASK_NAME, args=[task_id], retry=False)
    except Exception:  # noqa: BLE001 - dispatch_pending (the minute beat) starts it instead
        logger.warning("Could not queue the dispatch of fan-out task %s", task_id, exc_info=True)


def dispatching(task) -> bool:
    return bool((task.data or {}).get("dispatching")) and task.status == STATUS.STARTED


def dispatch_batch(task_id: int, *, size: int = BATCH_SIZE) -> Progress:
    """Create the next `size` children of the fan-out task `task_id` (one transaction)."""
    with transaction.atomic():
        task = Task.objects.select_related("process").get(pk=task_id)
        lock_waiting(Process.objects.filter(pk=task.process_id), timeout=join.PARENT_LOCK_TIMEOUT)
        task = Task.objects.select_related("process").get(pk=task_id)
        node = task.flow_task
        parent = item_of_process(task.process)
        targets = node.checked_targets(parent)
        if not dispatching(task):
            return Progress(created=FanOutChild.objects.filter(task=task).count(), total=len(targets),
                            dispatching=False)
        done = set(FanOutChild.objects.filter(task=task).values_list("child__organisation_id", flat=True))
        remaining = [target for target in targets if target.pk not in done]
        batch = remaining[:size]
        if batch:
            node.create_children(parent, task, batch, first_position=len(done) + 1)
        created = len(done) + len(batch)
        if len(batch) == len(remaining):
            task.data = {key: value for key, value in task.data.items() if key != "dispatching"}
            task.save(update_fields=["data"])
            join.continue_parent(parent_task_id=task.pk, last_process=None)
        return Progress(created=created, total=len(targets), dispatching=len(batch) < len(remaining))


def run(task_id: int, *, size: int = BATCH_SIZE) -> Progress:
    """Dispatch every remaining child of the fan-out task, batch after batch."""
    while True:
        progress = dispatch_batch(task_id, size=size)
        if not progress.dispatching:
            return progress


def progress_of(task) -> Progress:
    total = len(task.flow_task.checked_targets(item_of_process(task.process)))
    return Progress(created=FanOutChild.objects.filter(task=task).count(), total=total,
                    dispatching=dispatching(task))


def pending_tasks() -> list[int]:
    """Fan-out tasks still dispatching (a lost job, a worker that died): what the beat resumes."""
    return list(Task.objects.filter(flow_task_type=join.TASK_TYPE, status=STATUS.STARTED,
                                    data__dispatching=True).values_list("pk", flat=True))
