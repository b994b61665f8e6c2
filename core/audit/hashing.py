"""The canonical form of an audit event and its HMAC.

Every stored field takes part, in one fixed order, so that changing any of them (including the
sequence number, the target, the link to the previous event and the time) breaks the hash.
Nobody without settings.AUDIT_HMAC_KEY can compute a valid hash for a forged event.
"""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

# Bump when the canonical form changes; verification then needs to know both forms.
FORMAT = "audit-v1"
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
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def event_hash(event, *, seq: int | None = None) -> str:
    key = settings.AUDIT_HMAC_KEY.encode()
    return hmac.new(key, canonical_bytes(event, seq=seq), hashlib.sha256).hexdigest()
