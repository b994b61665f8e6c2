"""Storing files on an item or a decision. What may be stored (type by content, size, a name) is
decided in workflows.engine.files.uploads; services call check_upload on every file before writing."""

import hashlib

from django.core.files.base import File

from workflows.engine.files.uploads import check_upload, stored_name
from workflows.engine.models import Attachment

__all__ = ["check_upload", "describe", "save_upload", "store"]


def store(*, item, by, upload, slot: str = "", decision=None) -> Attachment:
    """Save one checked upload. Call check_upload on every file first, so that a bad one is
    refused before anything is written."""
    return save_upload(Attachment(item=item, decision=decision, slot=slot, uploaded_by=by), upload)


def save_upload(row, upload):
    """Fill a file row's name, size and sha256 from a checked upload, store the file under a name
    made here, and save the row (an Attachment, a meeting's MinutesFile)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    row.name = upload.name.rsplit("/", 1)[-1][:200]
    row.size, row.sha256 = upload.size, digest.hexdigest()
    row.file.save(stored_name(row.name), File(upload), save=False)
    row.save()
    return row


def describe(attachment: Attachment) -> dict:
    """How an attachment appears in a snapshot and in audit data."""
    return {
        "id": attachment.pk, "slot": attachment.slot, "name": attachment.name,
        "sha256": attachment.sha256, "size": attachment.size,
    }
