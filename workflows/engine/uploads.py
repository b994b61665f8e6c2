"""What may be uploaded: a file's type is checked by its content against an allow-list, never
trusted from its name; its size is limited by settings.UPLOAD_MAX_BYTES; its stored name is made
here, so nothing a user types reaches the storage path.

    check_upload(upload)          raise a Chinese ValidationError, or return the file's FileType
    stored_name(original)         "3f2a….pdf": a fresh uuid with the checked extension
    get_attachment_for(user, pk)  the attachment if its item is in the user's scope, else 404
    attachment_response(a)        the download (FileResponse) with the original name

The engine's services call check_upload on every file before writing anything (attachments.py),
so every page and API endpoint gets the same rules. Files go through Django's default storage:
local disk unless S3-compatible storage is configured (core/settings.py, STORAGE_* variables).
"""

import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Callable

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.engine.exceptions import NotFound

# Enough for every signature below and for olefile's header check.
HEAD_BYTES = 2048
# [Content_Types].xml of a real document is a few KB; a larger one is not read (zip bombs).
CONTENT_TYPES_MAX = 256 * 1024

OOXML = "application/vnd.openxmlformats-officedocument."
WORD_MAIN = OOXML + "wordprocessingml.document.main+xml"
EXCEL_MAIN = OOXML + "spreadsheetml.sheet.main+xml"
POWERPOINT_MAIN = OOXML + "presentationml.presentation.main+xml"


@dataclass(frozen=True)
class Probe:
    """What the checks look at: the first bytes, and the file itself for containers."""

    head: bytes
    upload: object


def _starts(*signatures: bytes) -> Callable[[Probe], bool]:
    return lambda probe: probe.head.startswith(signatures)


def _webp(probe: Probe) -> bool:
    return probe.head[:4] == b"RIFF" and probe.head[8:12] == b"WEBP"


def _zip_members(probe: Probe) -> zipfile.ZipFile | None:
    # The local header must come first: a program with a zip appended (a self-extracting .exe)
    # also opens as a zip, from its end.
    if not probe.head.startswith(b"PK\x03\x04"):
        return None
    try:
        probe.upload.seek(0)
        return zipfile.ZipFile(probe.upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _ooxml(main_type: str) -> Callable[[Probe], bool]:
    """An Office Open XML package whose [Content_Types].xml declares `main_type` for a part it holds."""
    pattern = re.compile(
        rb"""<Override\b[^>]*?PartName=["']/?([^"']+)["'][^>]*?ContentType=["']"""
        + re.escape(main_type.encode())
        + rb"""["']"""
    )

    def check(probe: Probe) -> bool:
        archive = _zip_members(probe)
        if archive is None:
            return False
        try:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX:
                return False
            declared = archive.read(info)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
            return False
        names = set(archive.namelist())
        return any(match.group(1).decode("utf-8", "replace") in names for match in pattern.finditer(declared))

    return check


def _ofd(probe: Probe) -> bool:
    """GB/T 33190 OFD: a zip whose entry file OFD.xml is at the root."""
    archive = _zip_members(probe)
    return archive is not None and "OFD.xml" in archive.namelist()


def _ole2(*streams: str) -> Callable[[Probe], bool]:
    """A legacy Office / WPS compound file holding one of `streams` (Word's "WordDocument", …)."""

    def check(probe: Probe) -> bool:
        if not probe.head.startswith(olefile.MAGIC):
            return False
        try:
            probe.upload.seek(0)
            with olefile.OleFileIO(probe.upload) as ole:
                return any(ole.exists(stream) for stream in streams)
        except Exception:  # olefile raises many kinds of error on a damaged file: all mean "no"
            return False

    return check


def _either(*checks) -> Callable[[Probe], bool]:
    return lambda probe: any(check(probe) for check in checks)


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    matches: Callable[[Probe], bool]


_PDF = FileType(gettext_lazy("PDF 文档"), "application/pdf", _starts(b"%PDF-"))
_JPEG = FileType(gettext_lazy("JPEG 图片"), "image/jpeg", _starts(b"\xff\xd8\xff"))
_WORD_OLE = _ole2("WordDocument")
_EXCEL_OLE = _ole2("Workbook", "Book")
_POWERPOINT_OLE = _ole2("PowerPoint Document")

# The allow-list: extension → what its content must be.
ALLOWED: dict[str, FileType] = {
    "pdf": _PDF,
    "png": FileType(gettext_lazy("PNG 图片"), "image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "gif": FileType(gettext_lazy("GIF 图片"), "image/gif", _starts(b"GIF87a", b"GIF89a")),
    "webp": FileType(gettext_lazy("WebP 图片"), "image/webp", _webp),
    "docx": FileType(gettext_lazy("Word 文档"), OOXML + "wordprocessingml.document", _ooxml(WORD_MAIN)),
    "xlsx": FileType(gettext_lazy("Excel 表格"), OOXML + "spreadsheetml.sheet", _ooxml(EXCEL_MAIN)),
    "pptx": FileType(gettext_lazy("PowerPoint 演示文稿"), OOXML + "presentationml.presentation",
                     _ooxml(POWERPOINT_MAIN)),
    "doc": FileType(gettext_lazy("Word 97-2003 文档"), "application/msword", _WORD_OLE),
    "xls": FileType(gettext_lazy("Excel 97-2003 表格"), "application/vnd.ms-excel", _EXCEL_OLE),
    "ppt": FileType(gettext_lazy("PowerPoint 97-2003 演示文稿"), "application/vnd.ms-powerpoint", _POWERPOINT_OLE),
    # WPS Office saves its own formats either as compound files like Office 97-2003 or as zip
    # packages like Office 2007+.
    "wps": FileType(gettext_lazy("WPS 文字文档"), "application/vnd.ms-works", _either(_WORD_OLE, _ooxml(WORD_MAIN))),
    "et": FileType(gettext_lazy("WPS 表格"), "application/vnd.ms-excel", _either(_EXCEL_OLE, _ooxml(EXCEL_MAIN))),
    "dps": FileType(gettext_lazy("WPS 演示文稿"), "application/vnd.ms-powerpoint",
                    _either(_POWERPOINT_OLE, _ooxml(POWERPOINT_MAIN))),
    "ofd": FileType(gettext_lazy("OFD 版式文档"), "application/ofd", _ofd),
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
        matches = file_type.matches(Probe(head=head, upload=upload))
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


def get_attachment_for(user, pk):
    """The attachment, if the item it belongs to is in `user`'s scope; NotFound (404) otherwise,
    whether or not it exists."""
    from workflows.engine.models import Attachment
    from workflows.engine.selectors import visible_items

    try:
        return Attachment.objects.select_related("item").get(pk=pk, item__in=visible_items(user))
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到该附件，或您无权查看。")) from None


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
