"""Signed checkpoints: how many chains and events the log held at one moment.

A chain's events and its head can be deleted together (by someone who can drop the triggers),
and then nothing in the chains themselves is left to show it. A checkpoint is: the highest head
id, how many heads there were up to it, and the sum of their seqs (the number of their events),
signed with the newest of AUDIT_HMAC_KEYS. Heads are never deleted and only move forward, so at any later time
the heads up to that id must be at least as many, with at least as many events.
"""

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from core.audit.hashing import checkpoint_signature, signing_key_id
from core.audit.models import AuditChainHead, AuditCheckpoint


@transaction.atomic
def write_checkpoint() -> AuditCheckpoint:
    # One aggregate statement, so the three numbers come from one snapshot. A head another
    # transaction has inserted but not yet committed can have a lower id: it shows up later as
    # one more head than counted, never as one less.
    totals = AuditChainHead.objects.aggregate(last=Max("id"), chains=Count("id"), events=Sum("last_seq"))
    checkpoint = AuditCheckpoint(
        created_at=timezone.now(), last_head_id=totals["last"] or 0, chains=totals["chains"], events=totals["events"] or 0,
        key_id=signing_key_id(),
    )
    checkpoint.signature = checkpoint_signature(checkpoint)
    checkpoint.save(force_insert=True)
    return checkpoint


def latest_checkpoint() -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.order_by("-id").first()
