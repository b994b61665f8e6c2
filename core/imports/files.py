"""The uploaded workbook: an .xlsx whose content is one (core.files.packages), no bigger than
the upload limit; then its first sheet's rows as text."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.files.formats import Probe
from core.files.packages import ooxml

EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_IS_XLSX = ooxml(EXCEL_MAIN, "workbook")
HEAD_BYTES = 2048


def check_workbook(upload) -> None:
    """Refuse anything but a real .xlsx: another extension, an empty or oversized file, or a file
    that only says it is one (a renamed .xls, a zip of something else, a web page)."""
    name = (getattr(upload, "name", "") or "").strip()
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(_("请上传 Excel 工作簿（.xlsx）；“%(name)s”不是。可先下载模板填写。") % {"name": name or "—"},
                              code="import_type")
    if not upload.size:
        raise ValidationError(_("“%(name)s”是空文件。") % {"name": name}, code="import_empty")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("“%(name)s”超过了%(mb)sMB的上限。") % {
            "name": name, "mb": f"{settings.UPLOAD_MAX_BYTES / (1024 * 1024):g}"}, code="import_size")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    try:
        real = _IS_XLSX(Probe(head=head, upload=upload, size=upload.size))
    finally:
        upload.seek(0)
    if not real:
        raise ValidationError(_("“%(name)s”的内容不是 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再上传。")
                              % {"name": name}, code="import_content")


def cell_text(value) -> str:
    """A cell as the text a person typed: numbers without ".0" (Excel stores 10-digit codes and
    phone numbers as numbers), dates as YYYY-MM-DD, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat()
    return str(value).strip()


def read_rows(path_or_file):
    """(headers, rows): the first sheet's first row, then each later row that is not empty, as
    (Excel row number, [text, …])."""
    from openpyxl import load_workbook

    workbook = load_workbook(path_or_file, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = [cell_text(value) for value in next(rows, ())]
        body = []
        for number, values in enumerate(rows, start=2):
            texts = [cell_text(value) for value in values]
            if any(texts):
                body.append((number, texts))
        return headers, body
    finally:
        workbook.close()
