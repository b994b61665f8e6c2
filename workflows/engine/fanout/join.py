"""A fan-out's parent moves on when its last child process ends (workflows.engine.fanout.step).

Every service whose act can end a process calls `collect(child_process=...)` right after
viewflow routed (execute(), a timer's or a fan-out's activate_next()), in the act's transaction
and before it moves the child item's status: `decide` (approve, reject, a Report filed),
`time_out_task`, a list act's members, and `collect` itself (a child that is itself a parent).
Nothing happens unless the act ended a fan-out's child process. Here, not on viewflow's
flow_finished signal, so that the parent's continuation is written by the service that ended
the child, where its other writes are.

Imports no services module: the services import this one.
"""

from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS

from notifications import api
from notifications.kinds import INFO
from workflows.engine import notify, opening
from workflows.engine.advance import advance
from workflows.engine.fanout.models import FanOutChild
from workflows.engine.locking import lock_waiting
from workflows.engine.models import item_of_process
from workflows.engine.nodes import ends_flow

# FanOut.task_type: what the parent's waiting task is (stored on its row as flow_task_type).
TASK_TYPE = "FANOUT"
# How long a child's completion waits for a sibling's that holds the parent process.
PARENT_LOCK_TIMEOUT = "3s"


def collect(*, child_process) -> bool:
    """If the act just ended `child_process` and it was its parent's last open child, move the
    parent on: complete its task, open its next node, move and audit its item's status. Returns
    whether the parent moved."""
    if child_process.parent_task_id is None or child_process.status != PROCESS.DONE:
        return False
    parent_task = Task.objects.select_related("process").get(pk=child_process.parent_task_id)
    if parent_task.flow_task_type != TASK_TYPE:
        return False
    # Child first, then parent: the child's lock is held by whoever ended it.
    lock_waiting(Process.objects.filter(pk=parent_task.process_id), timeout=PARENT_LOCK_TIMEOUT)
    return continue_parent(parent_task_id=parent_task.pk, last_process=child_process.pk)


def continue_parent(*, parent_task_id, last_process) -> bool:
    """Move the parent on if its fan-out task may complete (no child open, none still to be
    created). The caller holds the parent process's lock."""
    parent_task = Task.objects.select_related("process").get(pk=parent_task_id)
    node = parent_task.flow_task
    activation = node.activation_class(parent_task)
    if not activation.complete.can_proceed():
        return False
    parent = item_of_process(parent_task.process)
    activation.complete()
    activation.opened = []
    activation.activate_next()
    opening.tasks_opened(activation.opened, parent)
    collect(child_process=activation.process)
    next_node = node._next
    count = FanOutChild.objects.filter(task=parent_task).count()
    advance(parent, next_node.item_status, action="children_done", organisation=parent.organisation,
            data={"task": parent_task.pk, "children": count, "last_process": last_process})
    for opened in activation.opened:
        notify.task_opened(opened, parent)
    if ends_flow(next_node):
        api.notify(key=f"item:{parent.pk}:fanout:{parent_task.pk}:done", recipient=parent.submitter,
                   kind=INFO, target=parent,
                   params={"item": parent.pk, "ref_no": parent.ref_no, "title": parent.title, "children": count},
                   link=notify.item_link(parent))
    return True
