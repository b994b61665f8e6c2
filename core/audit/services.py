"""Writing to the audit log. record_event is the only way in."""

import json
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.hashing import GENESIS, event_hash, head_signature, signing_key_id
from core.audit.models import AuditChainHead, AuditEvent
from core.orgs.models import Organisation

_LABEL_MAX = AuditEvent._meta.get_field("target_label").max_length


def record_event(
    *,
    action: str,
    target,
    actor=None,
    acting_for=None,
    organisation=None,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one event to `target`'s chain and return it.

    `target` is any saved model instance. `actor` is the user who acted (None, or an anonymous
    user, for the system); `acting_for` is the user on whose behalf a proxy acted. Runs in the
    caller's transaction if there is one, so the event commits or rolls back with the change it
    records. Bad input raises ValidationError and writes nothing.
    """
    actor = _user_or_none(actor)
    acting_for = _user_or_none(acting_for)
    _check(action=action, target=target, actor=actor, acting_for=acting_for, organisation=organisation,
           from_status=from_status, to_status=to_status, comment=comment)
    data = _plain_json(data)
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
    object_id = str(target.pk)

    # No savepoint: the event is part of the caller's change, so an error here fails the whole
    # transaction anyway (and a savepoint would cost two more statements on every action).
    with transaction.atomic(savepoint=False):
        head = _lock_head(content_type=content_type, object_id=object_id)
        event = AuditEvent(
            actor=actor,
            acting_for=acting_for,
            organisation=organisation,
            action=action,
            content_type=content_type,
            object_id=object_id,
            target_label=_label(target),
            from_status=from_status,
            to_status=to_status,
            comment=comment,
            data=data,
            # Taken under the lock, so that (on one clock) times follow seq along a chain.
            created_at=timezone.now(),
            seq=head.last_seq + 1,
            prev_hash=head.last_hash or GENESIS,
            key_id=signing_key_id(),
        )
        event.hash = event_hash(event)
        _append(event, head)
    return event


def _lock_head(*, content_type, object_id: str) -> AuditChainHead:
    heads = AuditChainHead.objects.select_for_update().filter(content_type=content_type, object_id=object_id)
    head = heads.first()
    if head is None:
        # A new target. Insert-if-missing without an IntegrityError (ON CONFLICT DO NOTHING /
        # INSERT OR IGNORE), so two first writers never abort each other's transaction; the
        # loser waits for the winner's row and then locks it. On SQLite the IMMEDIATE
        # transaction already serialises writers and select_for_update is a no-op.
        new_head = AuditChainHead(content_type=content_type, object_id=object_id, key_id=signing_key_id())
        new_head.signature = head_signature(new_head)
        AuditChainHead.objects.bulk_create([new_head], ignore_conflicts=True)
        head = heads.get()
    return head


def _append(event: AuditEvent, head: AuditChainHead) -> None:
    """Insert the event and advance the (locked) head to it, signed: on PostgreSQL in one
    statement (the insert as a data-modifying CTE), elsewhere in two. The head's signature is
    computed here rather than by the database, which never sees the key."""
    connection = transaction.get_connection()
    head.last_seq, head.last_hash, head.key_id = event.seq, event.hash, event.key_id
    head.signature = head_signature(head)
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        head.save(update_fields=["last_seq", "last_hash", "signature", "key_id"])
        return
    query = InsertQuery(AuditEvent)
    query.insert_values(AuditEvent._meta.local_concrete_fields, [event])
    [(insert_sql, insert_params)] = query.get_compiler(connection=connection).as_sql()
    head_table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH event AS ({insert_sql}) UPDATE {head_table} SET last_seq = %s, last_hash = %s, signature = %s, "
            "key_id = %s WHERE id = %s",
            (*insert_params, head.last_seq, head.last_hash, head.signature, head.key_id, head.pk),
        )
        if cursor.rowcount != 1:  # the row is locked by us: only a broken database gets here
            raise RuntimeError(f"audit chain head {head.pk} vanished while locked")
    event._state.adding, event._state.db = False, connection.alias


def _label(target) -> str:
    # A snapshot for people reading the log after the target is renamed or gone; made storable
    # rather than refused, since a strange name is no reason to lose the event.
    label = str(target).replace("\x00", "")[:_LABEL_MAX]
    return label.encode("utf-8", "replace").decode("utf-8")


def _user_or_none(user):
    # request.user may be AnonymousUser (a failed sign-in): that is "no known actor".
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def _check(*, action, target, actor, acting_for, organisation, from_status, to_status, comment):
    if not _storable_text(action) or not action.strip():
        raise ValidationError(_("审计事件必须注明动作。"), code="action")
    if len(action) > AuditEvent._meta.get_field("action").max_length:
        raise ValidationError(_("审计动作代码过长：%(action)s") % {"action": action}, code="action")
    if not isinstance(target, models.Model) or target.pk is None:
        raise ValidationError(_("审计对象必须是已保存的记录。"), code="target")
    if isinstance(target, (AuditEvent, AuditChainHead)):
        raise ValidationError(_("审计日志不能记录自身。"), code="target")
    user_model = get_user_model()
    for user in (actor, acting_for):
        if user is not None and (not isinstance(user, user_model) or user.pk is None):
            raise ValidationError(_("操作人必须是已保存的用户。"), code="actor")
    if acting_for is not None and actor is None:
        raise ValidationError(_("代理操作必须注明实际操作人。"), code="acting_for")
    if acting_for is not None and acting_for.pk == actor.pk:
        raise ValidationError(_("代理人与被代理人不能是同一人。"), code="acting_for")
    if organisation is not None and (not isinstance(organisation, Organisation) or organisation.pk is None):
        raise ValidationError(_("组织必须是已保存的记录。"), code="organisation")
    if not _storable_text(comment):
        raise ValidationError(_("意见必须是文本，且不能包含空字符或无效字符。"), code="comment")
    status_max = AuditEvent._meta.get_field("from_status").max_length
    for status in (from_status, to_status):
        if not _storable_text(status) or len(status) > status_max:
            raise ValidationError(_("状态代码无效：%(status)s") % {"status": status}, code="status")


def _storable_text(value) -> bool:
    # PostgreSQL stores neither NUL nor lone surrogates, and the hash needs valid UTF-8.
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plain_json(data) -> dict:
    """The data exactly as it will read back from the database (dates and decimals become
    strings), so that the hash computed now matches the one audit_verify computes later."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValidationError(_("审计数据必须是字典。"), code="data")
    try:
        text = json.dumps(data, cls=DjangoJSONEncoder, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("审计数据无法保存为 JSON：%(error)s") % {"error": exc}, code="data") from exc
    if "\\u0000" in text or not _storable_text(text):  # JSON escapes NUL as \u0000
        raise ValidationError(_("审计数据不能包含空字符或无效字符。"), code="data")
    return _as_read_back(json.loads(text))


def _as_read_back(value):
    """Numbers as PostgreSQL's jsonb returns them. It keeps exact decimals, so a float written
    with an exponent that holds a whole number (1e16) reads back as an integer, and -0.0 as 0.0.
    SQLite returns the text as written; either way the stored value equals the hashed one."""
    if isinstance(value, float):
        text = repr(value)
        if value == 0:
            return 0.0
        if "e" in text and Decimal(text) == Decimal(text).to_integral_value():
            return int(Decimal(text))
        return value
    if isinstance(value, dict):
        return {key: _as_read_back(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_read_back(item) for item in value]
    return value
