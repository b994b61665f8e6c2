"""What the engine tells people, through notifications' write-only API (rows in the outbox,
written in the action's transaction). One function per occasion, called by the services.

Keys: "task:<task id>:..." for everything about one task (so that closing the task cancels its
reminders by prefix), "item:<item id>:..." for news about the item as a whole.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop, override
from notifications import api
from notifications.kinds import INFO

from core.orgs.models import User
from workflows.engine import acts
from workflows.engine import message_kinds as kinds
from workflows.engine.assignment import holders_of
from workflows.engine.models import Outcome
from workflows.engine.nodes import acts_of

# What happened and what the comment is called, stored as msgids (Chinese): notifications
# translates them into the reader's language when the message is shown (messages.details_of).
HAPPENED = {
    Outcome.APPROVE: gettext_noop("%(by)s在“%(step)s”审批通过"),
    Outcome.RETURN: gettext_noop("%(by)s在“%(step)s”退回了此事项"),
    Outcome.REJECT: gettext_noop("%(by)s在“%(step)s”驳回了此事项"),
    Outcome.RESUBMIT: gettext_noop("%(by)s修改后重新提交了此事项"),
}
COMMENT_LABELS = {
    Outcome.APPROVE: gettext_noop("审批意见"),
    Outcome.RETURN: gettext_noop("退回理由"),
    Outcome.REJECT: gettext_noop("驳回理由"),
    Outcome.RESUBMIT: gettext_noop("修改说明"),
}
WITHDRAWN = gettext_noop("%(by)s撤回了此事项")
WITHDRAW_REASON = gettext_noop("撤回原因")
URGED = gettext_noop("%(by)s催您尽快办理")
URGE_NOTE = gettext_noop("催办说明")


def item_link(item) -> str:
    """The item page, where its data, timeline and open steps are."""
    return reverse("workflows:item", args=[item.pk])


def task_link(item, task) -> str:
    """The item page at the step's panel (its id is act-<task>), where the reader acts on it."""
    return f"{item_link(item)}#act-{task.pk}"


def _params(item, task=None) -> dict:
    params = {"item": item.pk, "ref_no": item.ref_no, "title": item.title}
    if task is not None:
        # The step's title as its msgid, whatever language the actor reads in.
        with override(settings.LANGUAGE_CODE):
            params.update(task=task.pk, step=str(task.flow_task.task_title))
    return params


def _event(happened: str, *, by, comment: str = "", comment_label: str = "", step: str = "") -> dict:
    """What happened (a msgid with %(by)s and %(step)s), who did it, and their comment."""
    params = {"happened": happened, "by": str(by) if by is not None else "", "decided_step": step}
    if comment:
        params.update(comment=comment, comment_label=comment_label)
    return params


def decision_params(decision) -> dict:
    """A decision as a message tells it: 'X returned it at step Y', with the reason."""
    with override(settings.LANGUAGE_CODE):
        step = str(decision.task.flow_task.task_title) if decision.task_id else ""
    outcome = Outcome(decision.outcome)
    return _event(HAPPENED[outcome], by=decision.actor, comment=decision.comment, step=step,
                  comment_label=COMMENT_LABELS[outcome])


def holders(role: str, organisation_id: int, *, exclude_user_id=None) -> list:
    return [user for user in holders_of(role, organisation_id) if user.pk != exclude_user_id]


def task_opened(activation, item, *, decision=None) -> None:
    """A new task: its owner, or every holder of the queue's role there, hears about it, with the
    decision that opened it (a 退回 and its reason), when one did."""
    task, assignment = activation.task, activation.assignment
    if assignment.owner is not None:
        recipients = [assignment.owner]
    else:
        # Read when the task was assigned; the submitter is never among them (assignment.resolve).
        recipients = list(assignment.holders)
    kind = kinds.RETURNED if acts.RESUBMIT in acts_of(task.flow_task) else kinds.TASK_ASSIGNED
    params = _params(item, task)
    if decision is not None:
        params.update(decision_params(decision))
    api.notify_many(recipients={f"task:{task.pk}:opened:{user.pk}": user for user in recipients}, kind=kind,
                    target=item, params=params, link=task_link(item, task))


def task_closed(task) -> None:
    """Done, cancelled or withdrawn: its pending reminders and escalations stop."""
    api.cancel(prefix=f"task:{task.pk}:")


def task_claimed(task, by) -> None:
    api.reassign(prefix=f"task:{task.pk}:", recipient=by)


def task_unclaimed(task, organisation) -> None:
    api.reassign(prefix=f"task:{task.pk}:", role=task.owner_permission, organisation=organisation)


def task_handed_over(task, item, *, to, key: str, kind: str = kinds.TASK_ASSIGNED) -> None:
    """转办, 委派 or a delegation's hand-back: `to` now holds the task. They hear about it, and the
    task's pending reminders follow them (escalations stay with the heads of the handler's
    organisation, which a hand-over does not change). `key`: unique per hand-over."""
    api.notify(key=key, recipient=to, kind=kind, target=item, params=_params(item, task),
               link=task_link(item, task))
    api.reassign(prefix=f"task:{task.pk}:", recipient=to)


def copied(item, task, recipients, *, key: str, note: str = "") -> None:
    """抄送: each recipient hears that the item was copied to them, for information."""
    params = _params(item, task)
    if note:
        params["note"] = note
    api.notify_many(recipients={f"{key}:{user.pk}": user for user in recipients}, kind=kinds.CC,
                    target=item, params=params, link=item_link(item))


FINAL_KINDS = {"approved": kinds.APPROVED, "rejected": kinds.REJECTED}


def item_finished(item, *, outcome: str, event_key: str, decision=None) -> None:
    """The submitter hears the final outcome (approve at the last step, or reject), with the
    decision and its reason when one person's decision ended it."""
    params = _params(item)
    if decision is not None:
        params.update(decision_params(decision))
    api.notify(key=f"item:{item.pk}:{event_key}", recipient=item.submitter, kind=FINAL_KINDS[outcome],
               target=item, params=params, link=item_link(item))


def item_withdrawn(item, tasks, *, event_key: str, comment: str = "") -> None:
    """Whoever had the withdrawn item waiting for them hears that it is gone, and why: while a task
    is delegated (委派) its handler too, who is waiting for it to come back."""
    event = _event(WITHDRAWN, by=item.submitter, comment=comment, comment_label=WITHDRAW_REASON)
    for task in tasks:
        if task.owner_id:
            recipients = [task.owner]
            delegation = (task.data or {}).get("delegation")
            if delegation is not None:
                recipients += list(User.objects.filter(pk=delegation["handler"]))
        elif task.owner_permission:
            recipients = holders(task.owner_permission, int(task.owner_permission_obj_pk),
                                 exclude_user_id=item.submitter_id)
        else:
            continue
        api.notify_many(recipients={f"item:{item.pk}:{event_key}:{user.pk}": user for user in recipients},
                        kind=kinds.WITHDRAWN, target=item, params={**_params(item, task), **event},
                        link=item_link(item))


# templates/notifications/email/extension.{txt,html}: what the request asks, or what was decided.
EXTENSION_TEMPLATE = "extension"


def _extension_params(extension, item, task, due_at) -> dict:
    return {**_params(item, task), "extension": extension.pk, "extension_state": extension.state,
            "requested_by": str(extension.requested_by), "deadline": due_at.isoformat()}


def extension_requested(extension, item, task, approver) -> None:
    """The approver (a named person, or every holder of the role there but the requester) hears
    that a handler asks for more time; the message carries the date asked for."""
    if approver.owner is not None:
        recipients = [approver.owner]
    else:
        recipients = [user for user in approver.holders if user.pk != extension.requested_by_id]
    api.notify_many(
        recipients={f"item:{item.pk}:extension:{extension.pk}:requested:{user.pk}": user for user in recipients},
        kind=INFO, template=EXTENSION_TEMPLATE, target=item,
        params={**_extension_params(extension, item, task, extension.requested_due_at), "reason": extension.reason},
        link=item_link(item),
    )


def extension_decided(extension, item, task) -> None:
    """The requester hears the decision; granted, the message carries the new due date."""
    due_at = extension.granted_due_at or extension.current_due_at
    api.notify(
        key=f"item:{item.pk}:extension:{extension.pk}:{extension.state}", recipient=extension.requested_by,
        kind=INFO, template=EXTENSION_TEMPLATE, target=item,
        params={**_extension_params(extension, item, task, due_at), "comment": extension.decision_comment},
        link=item_link(item),
    )


def task_urged(task, item, recipients, *, by, comment: str, event_key: str) -> None:
    """催办: the task's handler(s) hear who asks them to hurry; one key per urge and person."""
    params = {**_params(item, task), **_event(URGED, by=by, comment=comment, comment_label=URGE_NOTE)}
    api.notify_many(recipients={f"task:{task.pk}:{event_key}:{user.pk}": user for user in recipients},
                    kind=kinds.URGED, target=item, params=params, link=task_link(item, task))


def signer_added(item, task, user, *, event_key: str) -> None:
    """加签 of someone whose turn comes later (依次): they hear now that they are in the step. One
    whose task opens at once hears of that task instead (task_opened)."""
    api.notify(key=f"item:{item.pk}:{event_key}", recipient=user, kind=INFO, target=item,
               params=_params(item, task), link=item_link(item))


def signer_removed(item, task, user, *, event_key: str) -> None:
    """减签: the removed member no longer acts on the step."""
    api.notify(key=f"item:{item.pk}:{event_key}", recipient=user, kind=INFO, target=item,
               params=_params(item, task), link=item_link(item))
