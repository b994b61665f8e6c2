"""The timeout service: a step's deadline passed with its task open (workflows.engine.deadlines.timeouts)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine import notify, opening
from workflows.engine.advance import advance
from workflows.engine.deadlines import timeouts
from workflows.engine.deadlines.models import TaskDeadline
from workflows.engine.envelope import acting_organisation_id, org_ref, service
from workflows.engine.fanout import join as fanout_join
from workflows.engine.lists import seats
from workflows.engine.lists.models import MembershipEnd
from workflows.engine.models import OPEN, item_of_process
from workflows.engine.signing import votes as signing


@timeouts.fires_with
@service
def time_out_task(*, timer) -> None:
    """The step's deadline passed with its task still open (fired by the timer dispatcher, under
    the process lock): close the task, open the timeout's target, move the item's status and
    audit it as done by the system."""
    hosts = list(timer.task.previous.filter(status__in=OPEN).select_related("process"))
    if not hosts:  # closed in the same instant (its own act cancels the timer): nothing to do
        timer.complete()
        return
    item = item_of_process(timer.process)
    due = dict(TaskDeadline.objects.filter(task__in=hosts).values_list("task_id", "due_at"))
    for host in hosts:
        host.flow_task.activation_class(host).cancel()
    # A member of a multi-person step timed out: the step as a whole did.
    others = signing.end_on_timeout(hosts)
    timer.complete()
    timer.opened = []
    timer.activate_next()
    opening.tasks_opened(timer.opened, item)
    fanout_join.collect(child_process=timer.process)
    step, destination = timer.flow_task.step, timer.flow_task._next
    advance(
        item, destination.item_status, action="timeout", organisation=org_ref(acting_organisation_id(hosts[0], item)),
        comment=_("超过办理期限，系统自动处理。"),
        data={"tasks": [host.pk for host in hosts + others], "step": step.name, "to": destination.name,
              "due_at": [timezone.localtime(moment).isoformat() for moment in due.values() if moment]},
    )
    seats.release_seats_on_move(item=item, step=step, destination=destination, reason=MembershipEnd.TIMEOUT)
    for host in hosts:
        notify.task_closed(host)
    for opened in timer.opened:
        notify.task_opened(opened, item)
