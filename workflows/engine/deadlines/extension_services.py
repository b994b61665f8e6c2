"""Extension requests (延期申请): ask, grant, refuse. One transaction each: scope and permission
(404/403), one NOWAIT lock on the task's process (409 Busy), preconditions, writes, the audit
event and the notification.

- request_extension: the handler of an open task that has a due date asks for a later date, with
  a reason. One pending request per task. A queued task must be claimed first: the request is
  its handler's, and the engine's handler is the task's owner (or their proxy).
- grant_extension: the approver (workflows.engine.deadlines.extensions) agrees, to the requested date or
  another one of their choosing: any date after the task's current due date and not yet past
  (earlier or later than asked). The deadline moves through deadlines.move_deadline: the
  timeout is re-armed and the reminders and escalations are planned again from the new date.
- refuse_extension: the approver says no; a comment is required. Nothing else changes.

Both decisions lock the task's process, so two approvers deciding at once: one wins, the other
gets 409. A request whose task closed meanwhile is moot (see extension_models) and cannot be
decided (409).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from core.audit.services import record_event
from workflows.engine import assignment, notify
from workflows.engine.access import refuse
from workflows.engine.deadlines.extension_models import ExtensionRequest, ExtensionState
from workflows.engine.deadlines.extensions import (
    approver_of,
    check_new_due,
    may_decide,
    principal_deciding,
)
from workflows.engine.deadlines.models import TaskDeadline
from workflows.engine.deadlines.services import move_deadline
from workflows.engine.envelope import (
    acting_for,
    acting_organisation_id,
    load_item,
    note_proxy,
    open_task,
    org_ref,
    pk_of,
    service,
)
from workflows.engine.exceptions import (
    Conflict,
    InvalidState,
    NotAllowed,
    NotFound,
    TaskClosed,
)
from workflows.engine.locking import lock_task
from workflows.engine.models import OPEN

REASON_MAX = 2000


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat()


def _current_due(task) -> TaskDeadline:
    deadline = TaskDeadline.objects.filter(task=task).first()
    if deadline is None:
        raise InvalidState(_("此待办没有办理期限，无需申请延期。"))
    if deadline.due_at is None:
        raise InvalidState(_("此待办的期限尚待工作日历录入后确定，暂不能申请延期。"))
    return deadline


def _text(value, *, field: str, required_message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(required_message, code="required")})
    if len(text) > REASON_MAX:
        raise ValidationError({field: ValidationError(
            _("内容不能超过%(max)d个字。") % {"max": REASON_MAX}, code="max_length")})
    return text


@service
def request_extension(*, task, by, due_date, reason: str) -> ExtensionRequest:
    """The task's handler asks for its deadline to be moved to `due_date` (a date; due at 17:30)."""
    task, item = open_task(task, by)
    if task.owner_id is None:
        refuse(by, item, _("请先认领此待办，成为办理人后再申请延期。"))
    reason = _text(reason, field="reason", required_message=_("请填写延期理由。"))
    deadline = _current_due(task)
    if ExtensionRequest.objects.filter(task=task, state=ExtensionState.PENDING).exists():
        raise InvalidState(_("此待办已有一份待审批的延期申请，请等待审批结果。"))
    moment = check_new_due(due_date, current_due=deadline.due_at, field="due_date")
    approver = approver_of(task.flow_task, item, by)
    extension = ExtensionRequest.objects.create(
        task=task, item=item, requested_by=by, reason=reason, current_due_at=deadline.due_at,
        requested_due_at=moment, approver_role=approver.role, approver_organisation=approver.organisation,
        approver_user=approver.owner,
    )
    if approver.owner is not None:
        # A named approver sees the item through taking part in it.
        assignment.add_participant(user=approver.owner, item=item, reason=assignment.ASSIGNEE)
    record_event(
        action="extension_requested", target=item, actor=by, acting_for=acting_for(task),
        organisation=org_ref(acting_organisation_id(task, item)), from_status=item.status, to_status=item.status,
        comment=reason,
        data={"task": task.pk, "step": task.flow_task.name, "extension": extension.pk,
              "from": _iso(deadline.due_at), "to": _iso(moment)},
    )
    notify.extension_requested(extension, item, task, approver)
    return extension


@service
def grant_extension(*, extension, by, due_date=None, comment: str = "") -> ExtensionRequest:
    """The approver agrees: to `due_date` if given (their own choice), else the date asked for."""
    extension, task, item = _open_request(extension, by)
    deadline = _current_due(task)
    day = due_date if due_date is not None else timezone.localtime(extension.requested_due_at).date()
    moment = check_new_due(day, current_due=deadline.due_at, field="due_date")
    comment = (comment or "").strip()
    move_deadline(task=task, due_at=moment, by=by, acting_for=acting_for(task),
                  reason=comment or _("同意延期申请：%(reason)s") % {"reason": extension.reason})
    extension.granted_due_at = moment
    return _decided(extension, task, item, by=by, state=ExtensionState.GRANTED, comment=comment,
                    data={"from": _iso(deadline.due_at), "to": _iso(moment)})


@service
def refuse_extension(*, extension, by, comment: str) -> ExtensionRequest:
    """The approver says no, and why (审批意见 required). The deadline stays as it is."""
    extension, task, item = _open_request(extension, by)
    comment = _text(comment, field="comment", required_message=_("不同意延期时必须填写审批意见。"))
    return _decided(extension, task, item, by=by, state=ExtensionState.REFUSED, comment=comment, data={})


def _open_request(extension_ref, by):
    """(request, task, item) for `by` to decide: visible (else 404), theirs to decide (else 403),
    the task's process locked (else 409 Busy), and read again under the lock: still pending and
    its task still open (else 409)."""
    try:
        extension = ExtensionRequest.objects.get(pk=pk_of(extension_ref))
    except ExtensionRequest.DoesNotExist:
        raise NotFound() from None
    item = load_item(extension.item_id, by)
    principal = None
    if not may_decide(by, extension):
        if by.pk == extension.requested_by_id:
            raise NotAllowed(_("不能审批自己提交的延期申请。"))
        principal = principal_deciding(by, extension, item)  # 委托: the approver's proxy decides for them
        if principal is None:
            raise NotAllowed(_("您不是此延期申请的审批人。"))
    task = lock_task(Task, extension.task_id)
    task.acting_for_user = principal
    extension = ExtensionRequest.objects.get(pk=extension.pk)
    if extension.state != ExtensionState.PENDING:
        raise Conflict(_("此延期申请已经审批过了。"))
    if task.status not in OPEN:
        raise TaskClosed(_("待办已办结，此延期申请已失效。"))
    task.process.artifact = item
    return extension, task, item


def _decided(extension, task, item, *, by, state, comment, data) -> ExtensionRequest:
    extension.state, extension.decided_by, extension.decided_at = state, by, timezone.now()
    extension.decision_comment = comment
    extension.save(update_fields=["state", "decided_by", "decided_at", "granted_due_at", "decision_comment"])
    note_proxy(task, by, item)
    record_event(
        action=f"extension_{state}", target=item, actor=by, acting_for=acting_for(task),
        organisation=org_ref(extension.approver_organisation_id), from_status=item.status, to_status=item.status,
        comment=comment,
        data={"task": task.pk, "step": task.flow_task.name, "extension": extension.pk, **data},
    )
    notify.extension_decided(extension, item, task)
    return extension
