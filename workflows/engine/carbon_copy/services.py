"""抄送 by a task's handler: copy chosen people on the item for information (cc_task)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workflows.engine.carbon_copy import rules as carbon_copy
from workflows.engine.envelope import (
    acting_for,
    acting_organisation_id,
    note_proxy,
    open_task,
    org_ref,
    service,
)
from workflows.engine.handover.rules import person

NOTE_MAX = 2000
MAX_RECIPIENTS = 50


@service
def cc_task(*, task, by, users, note: str = ""):
    """The task's handler (its owner, or a member of its queue) copies `users` (users or pks) on
    the item, with an optional note. They may read the item and are told; they cannot act.
    Returns the CarbonCopy rows."""
    task, item = open_task(task, by)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": ValidationError(_("附言不能超过%(max)s个字。") % {"max": NOTE_MAX},
                                                       code="note_too_long")})
    recipients = _recipients(task, item, by, users)
    note_proxy(task, by, item)
    return carbon_copy.copy(item=item, task=task, users=recipients, sender=by, note=note,
                            organisation=org_ref(acting_organisation_id(task, item)), acting_for=acting_for(task))


def _recipients(task, item, by, refs) -> list:
    """The users `refs` names, each once, if `by` may copy every one of them; else a
    ValidationError on "users" that repeats the refused ids as sent, naming nobody: a name would
    tell anyone with a task the name behind every user id in the city."""
    refs = list(refs or [])
    if not refs:
        raise _users_error(_("请选择抄送给谁。"), "users_required")
    if len(refs) > MAX_RECIPIENTS:
        raise _users_error(_("一次最多抄送%(max)s人。") % {"max": MAX_RECIPIENTS}, "too_many_users")
    allowed = {candidate.user.pk: candidate.user for candidate in carbon_copy.candidates(task, item, by)}
    chosen, refused = {}, []
    for ref in refs:
        user = person(ref)
        if user is not None and user.pk in allowed:
            chosen.setdefault(user.pk, allowed[user.pk])
        else:
            refused.append(str(ref.pk if hasattr(ref, "pk") else ref))
    if refused:
        raise _users_error(
            _("编号为 %(ids)s 的人员不是您可以选择的人员（可抄送本事项相关单位的人员，本人和已抄送过的人员除外）。")
            % {"ids": _("、").join(refused)},
            "users_not_allowed",
        )
    return list(chosen.values())


def _users_error(message, code) -> ValidationError:
    return ValidationError({"users": ValidationError(message, code=code)})
