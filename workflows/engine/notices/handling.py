"""The owning department handles each objection: investigate (调查), uphold (异议成立) or dismiss
(异议不成立). One service per change, each one transaction:

    investigate_objection(objection=..., by=..., note=...)   under investigation, with a working note
    uphold_objection(objection=..., by=..., reason=...)      the item goes back to the decision step,
                                                             its 名额 freed (moves.send_back)
    dismiss_objection(objection=..., by=..., reason=...)     once the notice has closed and no other
                                                             objection to the line is open, the item
                                                             goes on (moves.pass_entry)

An objection is not a task: these are events from outside the task list, checked by
rules.may_handle (the owning department's reviewers and heads; anyone else 404), not open_task.
The entry's row is locked first (waiting a few seconds: two handlers of one line take turns, and
the second finds the objection already handled: 409), then the item's process (NOWAIT). The
objector is told the outcome by email when they gave one (mail.tell_objector).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.locking import lock_waiting
from workflows.engine.notices import moves, rules
from workflows.engine.notices.mail import tell_objector
from workflows.engine.notices.models import EntryOutcome, NoticeEntry, Objection, ObjectionState


@service
def investigate_objection(*, objection, by, note: str) -> Objection:
    note = _required(note, "note", _("请填写调查情况。"))
    objection = _open_objection(objection, by)
    objection.state, objection.note = ObjectionState.INVESTIGATING, note
    objection.save(update_fields=["state", "note"])
    _audit("notice_investigate", objection, by, comment=note)
    return objection


@service
def uphold_objection(*, objection, by, reason: str) -> Objection:
    reason = _required(reason, "reason", _("请填写处理意见。"))
    objection = _open_objection(objection, by)
    _handled(objection, ObjectionState.UPHELD, by, reason)
    entry = objection.entry
    moved = entry.outcome == EntryOutcome.WAITING and moves.send_back(entry, by=by, reason=reason)
    _audit("notice_uphold", objection, by, comment=reason, sent_back=moved)
    tell_objector(objection)
    return objection


@service
def dismiss_objection(*, objection, by, reason: str) -> Objection:
    reason = _required(reason, "reason", _("请填写不予采纳的理由。"))
    objection = _open_objection(objection, by)
    _handled(objection, ObjectionState.DISMISSED, by, reason)
    entry = objection.entry
    moved = (entry.notice.closed_at is not None and entry.outcome == EntryOutcome.WAITING
             and not entry.objections.open().exists() and moves.pass_entry(entry, by=by))
    _audit("notice_dismiss", objection, by, comment=reason, passed=moved)
    tell_objector(objection)
    return objection


def _required(text, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(message, code="required")})
    return text


def _open_objection(objection_ref, by) -> Objection:
    """The objection, its line locked, if `by` handles its notice (else 404) and it is open (else 409)."""
    found = Objection.objects.filter(pk=pk_of(objection_ref)).select_related("entry__notice").first()
    if found is None or not rules.may_handle(by, found.entry.notice):
        raise NotFound(_("未找到该异议，或您无权处理。"))
    lock_waiting(NoticeEntry.objects.filter(pk=found.entry_id), timeout="5s")
    objection = Objection.objects.select_related("entry__notice__owner_department").get(pk=found.pk)
    if not objection.is_open:
        raise InvalidState(_("该异议已处理（%(state)s），不能再次处理。") % {"state": objection.get_state_display()})
    return objection


def _handled(objection, state, by, reason) -> None:
    objection.state, objection.reason, objection.handled_by, objection.handled_at = state, reason, by, timezone.now()
    objection.save(update_fields=["state", "reason", "handled_by", "handled_at"])


def _audit(action, objection, by, *, comment, **data) -> None:
    notice = objection.entry.notice
    record_event(action=action, target=notice, actor=by, organisation=notice.owner_department, comment=comment,
                 data={"objection": objection.pk, "entry": objection.entry_id, "item": objection.entry.item_id,
                       **data})
