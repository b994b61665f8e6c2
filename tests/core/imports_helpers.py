"""Excel files for the import tests, written with openpyxl as a person's Excel would save them."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from core.imports import registry
from core.imports.models import ImportJob


def xlsx_bytes(headers, rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload_of(kind: str, rows, *, headers=None, name="导入.xlsx") -> SimpleUploadedFile:
    headers = headers or [str(column.header) for column in registry.get(kind).columns]
    return SimpleUploadedFile(name, xlsx_bytes(headers, rows), content_type="application/octet-stream")


def report(job: ImportJob) -> list[tuple]:
    """The job's errors as (row, column, message) for comparing cell by cell."""
    return [(e["row"], e["column"], e["message"]) for e in job.errors]
