"""The canonical form of an audit event and its HMAC.

Every stored field takes part, in one fixed order, so that changing any of them (including the
sequence number, the target, the link to the previous event and the time) breaks the hash.
Nobody without the keys can compute a valid hash for a forged event.
Chain heads and checkpoints are signed with the same keys, each in a form of its own (the first
field names it), so that no signature can pass for another kind.

Keys rotate: settings.AUDIT_HMAC_KEYS maps key ids to keys, oldest first, and the last one signs
whatever is written now. Each event, head and checkpoint stores the id of the key that signed it
(`key_id`, itself part of what is signed), so that older rows verify with their own, older key.
Rows written before key ids existed have key_id "" and the v1 forms, signed by key LEGACY_KEY_ID
(AUDIT_HMAC_KEY alone is that key). After a rotation `manage.py audit_rotate_key` re-signs every
head and writes a checkpoint with the new key: from then on a retired key, even a leaked one, can
no longer extend, cut or add a chain unnoticed (verify requires heads and the newest checkpoint
to carry the newest key; every event is tied to its head through the hashes after it).
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
# The forms with a key id (key_id not ""): the v1 fields after the form's name and the key id.
FORMAT_V2 = "audit-v2"
HEAD_FORMAT_V2 = "audit-head-v2"
CHECKPOINT_FORMAT_V2 = "audit-checkpoint-v2"
LEGACY_KEY_ID = "1"
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
    return _canonical(_formed(FORMAT, FORMAT_V2, _key_id(event), fields))


def event_hash(event, *, seq: int | None = None) -> str:
    return _hmac(canonical_bytes(event, seq=seq), _key_id(event))


def signing_key_id() -> str:
    """The id of the key that signs what is written now: the last of AUDIT_HMAC_KEYS."""
    return list(settings.AUDIT_HMAC_KEYS)[-1]


def is_known_key(key_id: str) -> bool:
    return (key_id or LEGACY_KEY_ID) in settings.AUDIT_HMAC_KEYS


def effective_key_id(key_id: str) -> str:
    return key_id or LEGACY_KEY_ID


def _key_id(row) -> str:
    # Migrations before the key id (0002 signs heads) see models without the field: the v1 form.
    return getattr(row, "key_id", "")


def _formed(v1: str, v2: str, key_id: str, fields: list) -> list:
    return [v2, key_id, *fields] if key_id else [v1, *fields]


def _hmac(message: bytes, key_id: str) -> str:
    key = settings.AUDIT_HMAC_KEYS.get(effective_key_id(key_id))
    if key is None:  # verify checks is_known_key first; record_event only signs with a known one
        raise LookupError(f"audit key {key_id!r} is not in AUDIT_HMAC_KEYS")
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def _canonical(fields: list) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def head_signature(head) -> str:
    """The HMAC of a chain head's target, last seq and last hash."""
    fields = [_content_type_key(head.content_type_id), head.object_id, head.last_seq, head.last_hash]
    return _hmac(_canonical(_formed(HEAD_FORMAT, HEAD_FORMAT_V2, _key_id(head), fields)), _key_id(head))


def checkpoint_signature(checkpoint) -> str:
    fields = [_utc(checkpoint.created_at), checkpoint.last_head_id, checkpoint.chains, checkpoint.events]
    return _hmac(_canonical(_formed(CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_V2, _key_id(checkpoint), fields)),
                 _key_id(checkpoint))
