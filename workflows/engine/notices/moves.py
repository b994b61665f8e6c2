"""How a line of a notice moves its item: on to the step's Approve() target (the notice passed it)
or back to its decision step (an objection was upheld). Called by closing and handling, inside
their transaction, with the entry's row locked; each takes the item's process lock (one NOWAIT
attempt: a busy process is 409 for a person and a retry at the next run for the timer)."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from viewflow.workflow.models import Process, Task

from workflows.engine import notify
from workflows.engine.advance import advance
from workflows.engine.envelope import org_ref
from workflows.engine.fanout import join as fanout_join
from workflows.engine.lists import seats
from workflows.engine.lists.models import MembershipEnd
from workflows.engine.locking import lock_processes
from workflows.engine.models import OPEN, Item
from workflows.engine.nodes import Finish
from workflows.engine.notices.models import EntryOutcome
from workflows.engine.notices.step import NoticeStep, move_on


def waiting_task(entry):
    """The open task of the entry's item at the notice's step, or None (it left the step)."""
    for task in Task.objects.filter(
        process__artifact_content_type=ContentType.objects.get_for_model(Item),
        process__artifact_object_id=entry.item_id, status__in=OPEN,
    ).select_related("process"):
        if isinstance(task.flow_task, NoticeStep) and task.flow_task.name == entry.notice.step:
            return task
    return None


def pass_entry(entry, *, by=None) -> bool:
    """The notice passed the entry: its item goes on. False when the item had left the step."""
    return _move(entry, by=by, back=False)


def send_back(entry, *, by, reason: str) -> bool:
    """An upheld objection: the item goes back to the decision step and its 名额 is freed."""
    return _move(entry, by=by, back=True, comment=reason)


def _move(entry, *, by, back: bool, comment: str = "") -> bool:
    task = waiting_task(entry)
    if task is None:
        entry.outcome = EntryOutcome.LEFT
        entry.save(update_fields=["outcome"])
        return False
    lock_processes(Process, [task.process_id])
    step = task.flow_task
    item = Item.objects.select_related("organisation", "owner_department", "submitter").get(pk=entry.item_id).as_kind()
    task.process.artifact = item  # the next step's assignment reads the item from here
    destination = step.back_to if back else step.approves_to
    opened = move_on(step, item, task, to=destination, data={"returned_by": step.name} if back else None)
    fanout_join.collect(child_process=task.process)
    advance(
        item, destination.item_status, action="notice_sent_back" if back else "notice_passed", by=by,
        organisation=org_ref(entry.notice.owner_department_id),
        comment=comment if back else _("公示期满，无异议或异议已处理完毕。"),
        data={"task": task.pk, "step": step.name, "to": destination.name, "notice": entry.notice_id,
              "entry": entry.pk},
    )
    if back:
        seats.release_seats_on_move(item=item, step=step, destination=destination, reason=MembershipEnd.OBJECTION,
                                    by=by)
    entry.outcome = EntryOutcome.SENT_BACK if back else EntryOutcome.PASSED
    entry.save(update_fields=["outcome"])
    notify.task_closed(task)
    for activation in opened:
        notify.task_opened(activation, item)
    if isinstance(destination, Finish):
        notify.item_finished(item, outcome="approved", event_key=f"notice:{entry.notice_id}")
    return True
