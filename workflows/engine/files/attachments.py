"""Storing files on an item or a decision. What may be stored (type by content, size, a name) is
decided in workflows.engine.files.uploads; services call check_upload on every file before writing."""

import hashlib

from django.core.files.base import File

from workflows.engine.files.uploads import check_upload, stored_name
from workflows.engine.models import Attachment

__all__ = ["check_upload", "describe", "store"]


def store(*, item, by, upload, slot: str = "", decision=None) -> Attachment:
    """Save one checked upload. Call check_upload on every file first, so that a bad one is
    refused before anything is written."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = upload.name.rsplit("/", 1)[-1][:200]
    attachment = Attachment(
        item=item, decision=decision, slot=slot, name=name, size=upload.size,
        sha256=digest.hexdigest(), uploaded_by=by,
    )
    attachment.file.save(stored_name(name), File(upload), save=False)
    attachment.save()
    return attachment


def describe(attachment: Attachment) -> dict:
    """How an attachment appears in a snapshot and in audit data."""
    return {
        "id": attachment.pk, "slot": attachment.slot, "name": attachment.name,
        "sha256": attachment.sha256, "size": attachment.size,
    }
