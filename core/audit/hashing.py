"""The canonical form of an audit event and its HMAC.

Every stored field takes part, in one fixed order, so that changing any of them (including the
sequence number, the target, the link to the previous event and the time) breaks the hash.
Nobody without settings.AUDIT_HMAC_KEY can compute a valid hash for a forged event.
Chain heads and checkpoints are signed with the same key, each in a form of its own (the first
field names it), so that no signature can pass for another kind.
"""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

# Bump when the canonical form changes; verification then needs to know both forms.
FORMAT = "audit-v1"
HEAD_FORMAT = "audit-head-v1"
CHECKPOINT_FORMAT = "audit-checkpoint-v1"
GENESIS = ""  # prev_hash of the first event of every chain


def _content_type_key(content_type_id: int) -> str:
    # The natural key rather than the numeric id: ids differ between databases (a restore into a
    # fresh database keeps the chain valid), and a changed content type id still breaks the hash.
    ct = ContentType.objects.get_for_id(content_type_id)
    return f"{ct.app_label}.{ct.model}"


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")


def canonical_bytes(event, *, seq: int | None = None) -> bytes:
    """`seq` overrides the stored one: audit_verify uses it to tell a moved event from an edited one."""
    fields = [
        FORMAT,
        str(event.id),
        _content_type_key(event.content_type_id),
        event.object_id,
        event.target_label,
        event.seq if seq is None else seq,
        event.prev_hash,
        _utc(event.created_at),
        event.actor_id,
        event.acting_for_id,
        event.organisation_id,
        event.action,
        event.from_status,
        event.to_status,
        event.comment,
        event.data,
    ]
    return _canonical(fields)


def event_hash(event, *, seq: int | None = None) -> str:
    return _hmac(canonical_bytes(event, seq=seq))


def _hmac(message: bytes) -> str:
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def _canonical(fields: list) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def head_signature(head) -> str:
    """The HMAC of a chain head's target, last seq and last hash."""
    return _hmac(_canonical([HEAD_FORMAT, _content_type_key(head.content_type_id), head.object_id,
                             head.last_seq, head.last_hash]))


def checkpoint_signature(checkpoint) -> str:
    return _hmac(_canonical([CHECKPOINT_FORMAT, _utc(checkpoint.created_at), checkpoint.last_head_id,
                             checkpoint.chains, checkpoint.events]))
