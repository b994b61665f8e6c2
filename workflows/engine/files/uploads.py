"""What may be uploaded: a file's type is checked by its content against an allow-list, never
trusted from its name (files.formats and files.packages walk each format's structure, not only
its first bytes); its size is limited by settings.UPLOAD_MAX_BYTES; its stored name is made
here, so nothing a user types reaches the storage path.

    check_upload(upload)          raise a Chinese ValidationError, or return the file's FileType
    stored_name(original)         "3f2a….pdf": a fresh uuid with the checked extension
    attachment_response(a)        the download (FileResponse) with the original name

The engine's services call check_upload on every file before writing anything (attachments.py),
so every page and API endpoint gets the same rules. Files go through Django's default storage:
local disk unless S3-compatible storage is configured (core/settings.py, STORAGE_* variables).
"""

import uuid
from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.files import formats as file_formats
from core.files import packages as file_packages
from core.files.formats import Probe

# Enough for every format's start (file_formats.PDF_START …) and for olefile's header check.
HEAD_BYTES = 2048

OOXML = "application/vnd.openxmlformats-officedocument."
WORD_MAIN = OOXML + "wordprocessingml.document.main+xml"
EXCEL_MAIN = OOXML + "spreadsheetml.sheet.main+xml"
POWERPOINT_MAIN = OOXML + "presentationml.presentation.main+xml"


def _either(*checks) -> Callable[[Probe], bool]:
    return lambda probe: any(check(probe) for check in checks)


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    matches: Callable[[Probe], bool]


_JPEG = FileType(gettext_lazy("JPEG图片"), "image/jpeg", file_formats.jpeg)
_WORD_OLE = file_packages.ole2("WordDocument")
_EXCEL_OLE = file_packages.ole2("Workbook", "Book")
_POWERPOINT_OLE = file_packages.ole2("PowerPoint Document")
_WORD_ZIP = file_packages.ooxml(WORD_MAIN, "document")
_EXCEL_ZIP = file_packages.ooxml(EXCEL_MAIN, "workbook")
_POWERPOINT_ZIP = file_packages.ooxml(POWERPOINT_MAIN, "presentation")

# The allow-list: extension → what its content must be (file_formats and file_packages say how
# deep each check looks).
ALLOWED: dict[str, FileType] = {
    "pdf": FileType(gettext_lazy("PDF文档"), "application/pdf", file_formats.pdf),
    "png": FileType(gettext_lazy("PNG图片"), "image/png", file_formats.png),
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "gif": FileType(gettext_lazy("GIF图片"), "image/gif", file_formats.gif),
    "webp": FileType(gettext_lazy("WebP图片"), "image/webp", file_formats.webp),
    "docx": FileType(gettext_lazy("Word文档"), OOXML + "wordprocessingml.document", _WORD_ZIP),
    "xlsx": FileType(gettext_lazy("Excel表格"), OOXML + "spreadsheetml.sheet", _EXCEL_ZIP),
    "pptx": FileType(gettext_lazy("PowerPoint演示文稿"), OOXML + "presentationml.presentation", _POWERPOINT_ZIP),
    "doc": FileType(gettext_lazy("Word 97-2003文档"), "application/msword", _WORD_OLE),
    "xls": FileType(gettext_lazy("Excel 97-2003表格"), "application/vnd.ms-excel", _EXCEL_OLE),
    "ppt": FileType(gettext_lazy("PowerPoint 97-2003演示文稿"), "application/vnd.ms-powerpoint", _POWERPOINT_OLE),
    # WPS Office saves its own formats either as compound files like Office 97-2003 or as zip
    # packages like Office 2007+.
    "wps": FileType(gettext_lazy("WPS文字文档"), "application/vnd.ms-works", _either(_WORD_OLE, _WORD_ZIP)),
    "et": FileType(gettext_lazy("WPS表格"), "application/vnd.ms-excel", _either(_EXCEL_OLE, _EXCEL_ZIP)),
    "dps": FileType(gettext_lazy("WPS演示文稿"), "application/vnd.ms-powerpoint",
                    _either(_POWERPOINT_OLE, _POWERPOINT_ZIP)),
    "ofd": FileType(gettext_lazy("OFD版式文档"), "application/ofd", file_packages.ofd),
}

ALLOWED_LABEL = gettext_lazy("PDF、图片（PNG/JPEG/GIF/WebP）、Word/Excel/PowerPoint、WPS（.wps/.et/.dps）、OFD")


def extension_of(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def check_upload(upload) -> FileType:
    """Refuse a file without a name, of a type not on the list, empty, too big, or whose content is
    not what its extension says. Reads the file; leaves it at its start."""
    name = (getattr(upload, "name", "") or "").strip()
    if not name:
        raise ValidationError(_("附件必须有文件名。"), code="attachment_name")
    extension = extension_of(name)
    file_type = ALLOWED.get(extension)
    if file_type is None:
        raise ValidationError(
            _("不支持“%(name)s”的文件类型；可上传：%(allowed)s。") % {"name": name, "allowed": ALLOWED_LABEL},
            code="attachment_type",
        )
    size = upload.size
    if not size:
        raise ValidationError(_("附件“%(name)s”是空文件。") % {"name": name}, code="attachment_empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("附件“%(name)s”超过了%(mb)sMB的上限。")
            % {"name": name, "mb": f"{settings.UPLOAD_MAX_BYTES / (1024 * 1024):g}"},
            code="attachment_size",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    try:
        matches = file_type.matches(Probe(head=head, upload=upload, size=size))
    finally:
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名“.%(ext)s”不符，请上传真实的%(label)s。")
            % {"name": name, "ext": extension, "label": file_type.label},
            code="attachment_content",
        )
    return file_type


def stored_name(original: str) -> str:
    """The name a file is stored under: made here, so nothing the user typed reaches the path."""
    extension = extension_of(original)
    return f"{uuid.uuid4().hex}.{extension}" if extension in ALLOWED else uuid.uuid4().hex


def attachment_response(attachment) -> FileResponse:
    """Download with the original name; the type comes from the checked extension, and browsers
    are told not to guess another one."""
    file_type = ALLOWED.get(extension_of(attachment.name))
    content_type = file_type.content_type if file_type else "application/octet-stream"
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
