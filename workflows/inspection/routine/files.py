"""Storing 常态督导's files (a visit's photos, a report's attachments) through the engine's upload
checks (workflows.engine.files): every file is checked before anything is written."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workflows.engine.files.attachments import check_upload, save_upload

FILES_MAX = 10


def check_files(files, *, field: str, images_only: bool = False) -> list:
    """The uploads, each checked by its content (a disguised file is refused by name); with
    `images_only`, a PDF or a document is refused too (a visit's photos)."""
    files = list(files or ())
    if len(files) > FILES_MAX:
        raise ValidationError({field: _("一次最多上传%(n)s个文件。") % {"n": FILES_MAX}})
    for upload in files:
        try:
            file_type = check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
        if images_only and not file_type.content_type.startswith("image/"):
            raise ValidationError({field: _("“%(name)s”不是照片：请上传PNG、JPEG、GIF或WebP图片。") % {"name": upload.name}})
    return files


def store_files(make_row, files) -> list[dict]:
    """Save each checked upload as `make_row()` (an unsaved file row); returns them as audit data."""
    return [describe_file(save_upload(make_row(), upload)) for upload in files]


def describe_file(row) -> dict:
    return {"id": row.pk, "name": row.name, "sha256": row.sha256, "size": row.size}
