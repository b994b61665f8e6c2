"""Handing a task to someone else: 转办 (for good) and 委派 (it comes back).

转办 (transfer_task): the handler (the task's owner, or a member of its queue acting on it while
it is queued) gives the task to another eligible person (workflows.engine.handover.rules: the same
role at the same organisation). The new owner decides; the old one is done with it.

委派 (delegate_task): the handler asks another eligible person to look at the task. The delegate
finds it in their 待办, may only write their opinion and hand it back (complete_delegation); they
may not approve, return, reject, transfer or delegate it further. Meanwhile the handler cannot
decide, but may take it back without waiting (recall_delegation). Either way the task returns to
the handler, who decides.

The task's reminders always go to whoever holds it now (notify.task_handed_over); each act is
audited on the item with the comment, so the timeline shows it.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from core.audit.services import record_event
from core.orgs.models import User
from workflows.engine import assignment, notify
from workflows.engine.access import refuse
from workflows.engine.acts import COMMENT_MAX
from workflows.engine.envelope import (
    acting_for,
    acting_organisation_id,
    handler,
    note_proxy,
    open_task,
    org_ref,
    service,
)
from workflows.engine.handover.rules import (
    AS_DELEGATE,
    AS_HANDLER,
    DELEGATE,
    TRANSFER,
    check_target,
    delegation_of,
    may_hand_over,
)
from workflows.engine.signing import votes as signing


@service
def transfer_task(*, task, by, to, comment: str = ""):
    """Give the task to `to` for good (转办). Returns the task."""
    task, item, to, comment = _prepare(task, by, to, comment, act=TRANSFER)
    signing.follow_transfer(task, to)  # a member of a multi-person step: `to` takes their place
    _hand(task, item, by, to, action="transfer", comment=comment, data={"from": task.owner_id})
    return task


@service
def delegate_task(*, task, by, to, comment: str = ""):
    """Ask `to` to handle the task and hand it back with their opinion (委派). Returns the task."""
    task, item, to, comment = _prepare(task, by, to, comment, act=DELEGATE)
    # It comes back to its handler (a proxy delegates for their principal); a queued task is
    # claimed by them first.
    owner = handler(task, by)
    assignment.add_participant(user=owner, item=item, reason=assignment.ASSIGNEE)
    task.data = {**(task.data or {}), "delegation": {"handler": owner.pk, "delegate": to.pk}}
    _hand(task, item, by, to, action="delegate", comment=comment)
    return task


@service
def complete_delegation(*, task, by, comment: str):
    """The delegate hands the task back to its handler with their opinion (委派办理完毕, the
    opinion is required). Returns the task, the handler's again."""
    task, item = open_task(task, by, delegation=AS_DELEGATE)
    comment = _comment(comment)
    if not comment:
        raise ValidationError({"comment": ValidationError(_("请填写办理意见后再交回。"), code="comment_required")})
    note_proxy(task, by, item)
    _hand(task, item, by, _end_delegation(task), action="delegation_done", comment=comment)
    return task


@service
def recall_delegation(*, task, by, comment: str = ""):
    """The handler takes a delegated task back before the delegate answers (收回委派)."""
    task, item = open_task(task, by, delegation=AS_HANDLER)
    comment = _comment(comment)
    delegate = task.owner
    _hand(task, item, by, _end_delegation(task), action="delegation_recalled", comment=comment,
          data={"from": delegate.pk, "from_name": str(delegate)})
    return task


def _prepare(task, by, to, comment, *, act):
    """(task, item, the new holder, the comment) once `by` may hand the task over to `to`."""
    task, item = open_task(task, by)
    _check_handover(task, item, by)
    to = check_target(task, item, handler(task, by), to, act=act)
    note_proxy(task, by, item)
    return task, item, to, _comment(comment)


def _hand(task, item, by, to, *, action, comment, data=None) -> None:
    """`to` holds the task now: its owner, a participant in the item, audited, told, and the
    task's reminders are theirs."""
    _give(task, to)
    assignment.add_participant(user=to, item=item, reason=assignment.ASSIGNEE)
    event = record_event(
        action=action, target=item, actor=by, acting_for=acting_for(task),
        organisation=org_ref(acting_organisation_id(task, item)), from_status=item.status, to_status=item.status,
        comment=comment,
        data={"task": task.pk, "step": task.flow_task.name, **(data or {}), "to": to.pk, "to_name": str(to)},
    )
    notify.task_handed_over(task, item, to=to, key=f"task:{task.pk}:{action}:{event.pk}")


def _check_handover(task, item, by) -> None:
    if not may_hand_over(task):
        refuse(by, item, _("“%(step)s”由申报人本人办理，不能转办或委派。") % {"step": task.flow_task.task_title})


def _comment(comment) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": ValidationError(
            _("意见不能超过%(max)s个字。") % {"max": COMMENT_MAX}, code="comment_too_long")})
    return comment


def _give(task, to) -> None:
    """Make `to` the task's owner, through viewflow's activation (queued: assign; else reassign)."""
    task.assigned = timezone.now()
    activation = task.flow_task.activation_class(task)
    if task.status == STATUS.NEW:
        activation.assign(to)
    else:
        activation.reassign(to)


def _end_delegation(task):
    """Drop the task's delegation; returns its handler, to whom it goes back."""
    delegation = delegation_of(task)
    task.data = {key: value for key, value in task.data.items() if key != "delegation"}
    return User.objects.get(pk=delegation["handler"])
