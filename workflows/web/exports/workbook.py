"""Writing the workbook: one sheet per table, a bold frozen header row, readable column widths."""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses these in a sheet's name.
BAD_TITLE_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    caption: str = ""  # a line above the header (统计: "示例申报：共 3 件，逾期 0 件")


def column_width(value) -> int:
    """Characters of a column holding `value`, CJK counted twice."""
    text = str(value if value is not None else "")
    longest = max((len(line) for line in text.split("\n")), default=0)
    return longest * 2 if any(ord(c) > 0x2E7F for c in text) else longest


def sheet_title(title: str, n: int = 1) -> str:
    return title.translate(BAD_TITLE_CHARS)[:28] or str(n)


def workbook_bytes(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for n, table in enumerate(tables, start=1):
        sheet = book.create_sheet(title=sheet_title(table.title, n))
        if table.caption:
            sheet.append([table.caption])
            sheet.cell(row=1, column=1).font = Font(bold=True)
        sheet.append([str(h) for h in table.headers])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = f"A{header_row + 1}"
        for row in table.rows:
            sheet.append(row)
        wrap = Alignment(wrap_text=True, vertical="top")
        for column, header in enumerate(table.headers, start=1):
            values = [header] + [row[column - 1] for row in table.rows]
            sheet.column_dimensions[get_column_letter(column)].width = min(max(column_width(v) for v in values) + 2, 60)
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=column, max_col=column):
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = wrap
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
