"""A list's rows into an .xlsx, streamed (openpyxl's write-only mode: each row goes to the file as
it is made, so memory stays flat at 20,000 rows). The rows are `ids`, fixed when the export was
asked for; each chunk is read again through the list's own queryset for `user`, so a row that has
left the user's scope since is left out, and nothing else ever comes in. The same writer serves the
export one waits for and the background one."""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workflows.web.exports.columns import COLUMNS, TITLES
from workflows.web.exports.workbook import column_width, sheet_title
from workflows.web.views.lists import LISTS

CHUNK = 500
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def snapshot(ordered, limit: int) -> list[int]:
    """The ids of a list's filtered, sorted rows, in order: at most `limit` + 1 (enough to say "too many")."""
    return list(ordered.values_list("pk", flat=True)[:limit + 1])


def _chunk_rows(name: str, scoped, user, ids: list[int]) -> list[list]:
    """`scoped`: the list's queryset for `user`, built once (its scope's conditions are costly to build)."""
    spec, columns = LISTS[name], COLUMNS[name]
    found = scoped.filter(pk__in=ids).in_bulk()
    return [[cell(row) for _header, cell in columns]
            for row in spec.build_rows([found[pk] for pk in ids if pk in found], user)]


def _cell(sheet, value):
    if isinstance(value, str) and "\n" in value:
        cell = WriteOnlyCell(sheet, value)
        cell.alignment = WRAP
        return cell
    return value


def write_list(out, *, name: str, user, ids: list[int], progress=None) -> int:
    """Write list `name`'s rows `ids` for `user` to `out` (a path or a binary file). `progress(done)`
    after each chunk. Returns how many rows were written."""
    headers = [str(header) for header, _cell in COLUMNS[name]]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(str(TITLES[name])))
    scoped = LISTS[name].queryset(user)
    first = _chunk_rows(name, scoped, user, ids[:CHUNK])
    # Widths must be set before the first row is written: the header's and the first chunk's.
    for column, header in enumerate(headers, start=1):
        values = [header] + [row[column - 1] for row in first]
        sheet.column_dimensions[get_column_letter(column)].width = min(max(column_width(v) for v in values) + 2, 60)
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font = BOLD
        header_cells.append(cell)
    sheet.append(header_cells)
    written = 0
    for start in range(0, len(ids), CHUNK):
        rows = first if start == 0 else _chunk_rows(name, scoped, user, ids[start:start + CHUNK])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
        written += len(rows)
        if progress is not None:
            progress(min(start + CHUNK, len(ids)))
    book.save(out)
    return written
