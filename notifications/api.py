"""The write-only API that workflows (and anything else) use to reach people.

    notify(key=..., recipient=..., kind=..., target=..., params=...)      one message, now
    notify_many(recipients={key: user, ...}, kind=..., target=..., params=...)   the same to several
    schedule(key=..., due_at=..., recipient=... | role=..., organisation=..., policy=..., target=..., kind=...)
    reassign(key=... | prefix=..., recipient=... | role=..., organisation=...)
    cancel(key=... | prefix=...)
    register_kind(code, label, *, headline=..., digest_allowed=True, email=..., webhook=...)   at import time

Call them inside the action's transaction: the rows commit or roll back with the action, and
publishing happens after commit (notifications.publishing; the sweep republishes what is left). Keys are unique in the database and make every call
idempotent; build them from ":"-separated segments ("task:42:reminder:3") so that a prefix
("task:42:") names everything about one task. Nothing here reads back into the caller's models.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.bulk import insert_new
from notifications.kinds import check_kind, register_kind
from notifications.models import (
    Notification,
    OutboxState,
    ReminderPolicy,
    ScheduledReminder,
    ScheduleKind,
    ScheduleState,
)
from notifications.publishing import publish_on_commit
from notifications.routing import Outgoing, create_deliveries
from notifications.validation import (
    check_aware,
    check_choice,
    check_key,
    check_params,
    check_prefix,
    check_recipient,
    check_user,
    target_reference,
)

__all__ = ["cancel", "notify", "notify_many", "reassign", "register_kind", "schedule"]


def notify(*, key: str, recipient, kind: str, target=None, params: dict | None = None, template: str = "",
           link: str = "") -> Notification:
    """Write one message for one person to the outbox.

    Idempotent on `key`: a second call with the same key returns the first row unchanged (the
    first write wins), so a retried action never sends twice.
    """
    check_key(key)
    check_user(recipient)
    written = _write_messages({key: recipient}, kind=kind, target=target, params=params, template=template, link=link)
    return written[key] if written else Notification.objects.get(key=key)


def notify_many(*, recipients: dict, kind: str, target=None, params: dict | None = None, template: str = "",
                link: str = "") -> int:
    """The same message to several people: `recipients` maps each one's key to the user. Like
    notify() for each, idempotent on each key, but in a constant number of statements (one insert
    for the messages, one routing of their deliveries). Returns how many were new."""
    for key, recipient in recipients.items():
        check_key(key)
        check_user(recipient)
    return len(_write_messages(recipients, kind=kind, target=target, params=params, template=template, link=link))


def _write_messages(recipients: dict, *, kind, target, params, template, link) -> dict[str, Notification]:
    """Insert a message per key (ON CONFLICT DO NOTHING: no savepoint, no read first), write the
    deliveries of the new ones and publish them after commit. Returns the new rows by key."""
    check_kind(kind)
    params = check_params(params)
    target_type, target_id = target_reference(target, required=False)
    now = timezone.now()
    messages = {
        # Published: routed into its deliveries right below, in this transaction (notifications.routing).
        key: Notification(key=key, recipient=recipient, kind=kind, template=template, params=params,
                          target_type=target_type, target_id=target_id, link=link, state=OutboxState.PUBLISHED,
                          published_at=now)
        for key, recipient in recipients.items()
    }
    if not messages:
        return {}
    # A transaction when called outside one; no savepoint inside the caller's.
    with transaction.atomic(savepoint=False):
        written = {key: messages[key] for key in insert_new(messages.values())}
        if written:
            # Their deliveries are written with them and handed to the broker once the action commits.
            outgoing = [Outgoing.of(message) for message in written.values()]
            publish_on_commit(create_deliveries(outgoing))
    return written


def schedule(*, key: str, due_at, policy: ReminderPolicy, target, kind: str = ScheduleKind.REMINDER,
             recipient=None, role: str | None = None, organisation=None, deadline=None, offset_days: int = 0,
             params: dict | None = None, link: str = "") -> ScheduledReminder:
    """Plan one reminder or escalation to fire at `due_at`, for a person or for role@organisation.

    Idempotent on `key`; calling again with the same key moves the row (new time, recipient,
    policy...). A cancelled row comes back to pending. A row already sent stays as it is (each key
    is sent once): to remind again after an extension, use new keys. Uses (and so locks) `policy`.
    """
    check_key(key)
    check_aware(due_at, label=_("发送时间"))
    if deadline is not None:
        check_aware(deadline, label=_("办理期限"))
    check_choice(kind, ScheduleKind, label=_("提醒类型"))
    recipient, role, organisation = check_recipient(recipient=recipient, role=role, organisation=organisation)
    if not isinstance(policy, ReminderPolicy) or policy.pk is None:
        raise ValidationError(_("必须指定已保存的提醒与督办策略。"), code="policy_required")
    target_type, target_id = target_reference(target, required=True)
    fields = {
        "kind": kind,
        "due_at": due_at,
        "deadline": deadline,
        "offset_days": offset_days,
        "recipient": recipient,
        "role": role,
        "organisation": organisation,
        "policy": policy,
        "params": check_params(params),
        "target_type": target_type,
        "target_id": target_id,
        "link": link,
    }
    with transaction.atomic():
        policy.mark_in_use()
        row = _locked_row(key)
        if row is None:
            try:
                with transaction.atomic():
                    return ScheduledReminder.objects.create(key=key, **fields)
            except IntegrityError:
                # Another transaction inserted the same key first: move its row instead.
                row = _locked_row(key)
                if row is None:
                    raise
        if row.state == ScheduleState.SENT:
            return row
        for name, value in fields.items():
            setattr(row, name, value)
        row.state = ScheduleState.PENDING
        row.cancelled_at = None
        row.save()
        return row


def reassign(*, key: str | None = None, prefix: str | None = None, recipient=None, role: str | None = None,
             organisation=None) -> int:
    """Move pending reminders (not escalations, which go to heads) to a new person or queue.

    Returns how many rows moved. The engine calls it when a task is claimed, unclaimed, transferred
    or returned; if the handler's organisation changed, it re-schedules the escalations instead.
    """
    recipient, role, organisation = check_recipient(recipient=recipient, role=role, organisation=organisation)
    rows = _pending(key=key, prefix=prefix).filter(kind=ScheduleKind.REMINDER)
    return rows.update(recipient=recipient, role=role, organisation=organisation, updated_at=timezone.now())


def cancel(*, key: str | None = None, prefix: str | None = None) -> int:
    """Cancel pending reminders and escalations (the task is done or withdrawn). Returns how many."""
    now = timezone.now()
    return _pending(key=key, prefix=prefix).update(state=ScheduleState.CANCELLED, cancelled_at=now, updated_at=now)


def _locked_row(key):
    return ScheduledReminder.objects.select_for_update().filter(key=key).first()


def _pending(*, key, prefix):
    if (key is None) == (prefix is None):
        raise ValidationError(_("必须且只能指定唯一键或键前缀之一。"), code="key_or_prefix")
    rows = ScheduledReminder.objects.filter(state=ScheduleState.PENDING)
    if key is not None:
        return rows.filter(key=check_key(key))
    return rows.filter(key__startswith=check_prefix(prefix))
