"""Finishing a key rotation: every chain head re-signed with the newest key, and a checkpoint.

Events keep the key that signed them (they are never rewritten); what a retired key could still
be misused for is moving heads and checkpoints, so those are what move to the new key here.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from core.audit.checkpoints import write_checkpoint
from core.audit.hashing import head_signature, signing_key_id
from core.audit.models import AuditChainHead, AuditCheckpoint
from core.audit.triggers import HEAD_TABLE, drop_head_update_triggers, install_triggers
from core.audit.verify import Report, verify_chains


@dataclass
class Rotation:
    key_id: str
    report: Report
    resigned: int = 0
    checkpoint: AuditCheckpoint | None = None


def rotate_to_newest_key() -> Rotation:
    """Verify everything with the keys as configured (old and new), and only if that is clean,
    re-sign in one transaction. Heads already on the newest key are left as they are.
    A verification that finds anything but heads on a retired key changes nothing."""
    key_id = signing_key_id()
    report = verify_chains()
    rotation = Rotation(key_id=key_id, report=report)
    if any(problem.kind != "retired_key" for problem in report.problems):
        return rotation
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Appends wait until the heads are re-signed (they lock a head row to advance it).
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {HEAD_TABLE} IN SHARE ROW EXCLUSIVE MODE")
        stale = list(AuditChainHead.objects.exclude(key_id=key_id).order_by("pk"))
        # These updates do not advance the heads: the update triggers step aside inside this
        # transaction only (DDL is transactional on both databases) and are back before it commits.
        drop_head_update_triggers(connection)
        for head in stale:
            head.key_id = key_id
            head.signature = head_signature(head)
            head.save(update_fields=["key_id", "signature"])
        install_triggers(connection)
        rotation.resigned = len(stale)
        rotation.checkpoint = write_checkpoint()
    rotation.report = verify_chains()
    return rotation
