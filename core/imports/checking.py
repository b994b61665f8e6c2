"""The dry run: read every row of a file and say what is wrong (row, column, message) or what
would be written (rows to create, rows to update by their key, rows unchanged). Writes nothing."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.imports.files import read_rows
from core.imports.registry import ImportKind, RowErrors

# The report lists this many cells; the count says how many there are in all.
MAX_REPORTED_ERRORS = 500
PROGRESS_EVERY = 1000


@dataclass
class CheckResult:
    total: int = 0
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    creates: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    unchanged: int = 0
    context: dict = field(default_factory=dict)

    def add_error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"row": row, "column": column, "message": str(message)})

    @property
    def summary(self) -> dict:
        return {"created": len(self.creates), "updated": len(self.updates), "unchanged": self.unchanged}


def check(kind: ImportKind, file, scope, progress=None) -> CheckResult:
    """`file`: a path or an open file; `progress(rows_checked)` is called now and then."""
    headers, rows = read_rows(file)
    result = CheckResult(total=len(rows))
    named = {str(column.header): column for column in kind.columns}
    positions = {named[header].key: at for at, header in enumerate(headers) if header in named}
    missing = [str(column.header) for column in kind.columns if column.required and column.key not in positions]
    if missing:
        result.add_error(1, _("、").join(missing), _("缺少列：%(columns)s。请使用下载的模板，不要修改第一行的列名。")
                         % {"columns": _("、").join(missing)})
        return result
    if not rows:
        result.add_error(2, "—", _("表格中没有数据行。"))
        return result
    values = [
        (number, {key: texts[at] if at < len(texts) else "" for key, at in positions.items()}) for number, texts in rows
    ]
    result.context = kind.load([row for _number, row in values], scope)
    key_header = kind.header_of(kind.key)
    first_row_of: dict[str, int] = {}
    cleaned = []
    for index, (number, row) in enumerate(values, start=1):
        try:
            data = kind.clean_row(row, result.context)
        except RowErrors as exc:
            for key, message in exc.errors.items():
                result.add_error(number, kind.header_of(key), message)
            # A row wrong elsewhere still holds its key: a later row repeating it is reported in
            # the same report, not after the first mistake is corrected.
            raw_key = (row.get(kind.key) or "").strip()
            if raw_key and kind.key not in exc.errors:
                first_row_of.setdefault(raw_key, number)
        else:
            key = data[kind.key]
            if key in first_row_of:
                result.add_error(number, key_header, _("与第 %(row)d 行重复：同一文件中%(column)s不能重复。")
                                 % {"row": first_row_of[key], "column": key_header})
            else:
                first_row_of[key] = number
                cleaned.append(data)
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index)
    if result.error_count:
        return result
    current = kind.current(list(first_row_of), scope, result.context)
    for data in cleaned:
        stored = current.get(data[kind.key])
        if stored is None:
            result.creates.append(data)
        elif stored != data:
            result.updates.append(data)
        else:
            result.unchanged += 1
    return result
