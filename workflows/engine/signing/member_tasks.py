"""One member's task of a multi-person step: opened for a signer, cancelled with its timer. Used
by the step when it opens, by the votes when the turn passes, and by 加签/减签."""

from viewflow.workflow.status import STATUS

from workflows.engine.assignment import Assignment
from workflows.engine.signing.models import SignerState


def open_member_task(node, prev_activation, token, signer, *, data=None):
    """A task for `signer`, owned by them and listed in `prev_activation.opened` (the service's
    workflows.engine.opening hook gives it its participation, deadline, reminders and timeout);
    the signer row records it."""
    activation = node.activation_class.create_for(
        node, prev_activation, token, data=dict(data or {}, signer=signer.pk), assigned=Assignment(owner=signer.user)
    )
    signer.task, signer.state = activation.task, SignerState.OPEN
    signer.save(update_fields=["task", "state"])
    return activation


def cancel_member_task(task) -> None:
    """Cancel an open member task and its armed timeout (viewflow cancels a boundary only when
    its host completes). The caller tells notifications (notify.task_closed)."""
    activation = task.flow_task.activation_class(task)
    if activation.cancel.can_proceed():
        activation.cancel()
    for boundary in task.flow_task._boundary_events:
        boundary._on_host_finished(task=task)


def is_open(task) -> bool:
    return task.status in (STATUS.NEW, STATUS.ASSIGNED)
