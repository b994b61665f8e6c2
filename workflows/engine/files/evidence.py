"""申报材料 that come with a resubmission (重新提交): they become the item's current evidence, so
申报材料 lists them and the new submission's snapshot (and the reviewer's diff) holds them. A file
of the same slot and name replaces the earlier one (its next version); the earlier stays on record
for the snapshots that named it."""

from django.utils import timezone

from workflows.engine.files.attachments import store
from workflows.engine.models import Attachment

# Where a resubmission's files go when the submitter names no 材料类别.
RESUBMIT_SLOT = "other"


def renew(*, item, by, uploads, slot: str = "") -> list[Attachment]:
    """Store checked `uploads` as current evidence in `slot`, superseding same-named files there."""
    slot = slot or RESUBMIT_SLOT
    stored = []
    for upload in uploads:
        name = upload.name.rsplit("/", 1)[-1][:200]
        Attachment.objects.filter(item=item, decision__isnull=True, removed_at__isnull=True, slot=slot,
                                  name=name).update(removed_at=timezone.now())
        stored.append(store(item=item, by=by, upload=upload, slot=slot))
    return stored


def versions(attachments, item) -> None:
    """Give each current evidence file its `version`: how many files of its slot and name the item
    has had up to it (1 for a first upload). One query."""
    seen = {}
    for pk, slot, name in (Attachment.objects.filter(item=item, decision__isnull=True)
                           .order_by("pk").values_list("pk", "slot", "name")):
        seen[(slot, name)] = seen.get((slot, name), 0) + 1
        seen[pk] = seen[(slot, name)]
    for attachment in attachments:
        attachment.version = seen.get(attachment.pk, 1)
