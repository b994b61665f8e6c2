"""Storing files on an item or a decision. Checks here are the engine's minimum (a name, not
empty, within UPLOAD_MAX_BYTES); forms add the content-type check by file content."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

from workflows.engine.models import Attachment


def check_upload(upload) -> None:
    name = getattr(upload, "name", "") or ""
    if not name.strip():
        raise ValidationError(_("附件必须有文件名。"), code="attachment_name")
    size = upload.size
    if not size:
        raise ValidationError(_("附件“%(name)s”是空文件。") % {"name": name}, code="attachment_empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("附件“%(name)s”超过了%(mb)sMB的上限。") % {"name": name, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="attachment_size",
        )


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
    attachment.file.save(name, File(upload), save=False)
    attachment.save()
    return attachment


def describe(attachment: Attachment) -> dict:
    """How an attachment appears in a snapshot and in audit data."""
    return {
        "id": attachment.pk, "slot": attachment.slot, "name": attachment.name,
        "sha256": attachment.sha256, "size": attachment.size,
    }
