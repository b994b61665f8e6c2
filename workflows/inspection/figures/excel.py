"""The district's Excel template and reading it back (openpyxl).

Sheet 要素填报: a title row of labels (学校标识码, 学校名称, 学段, then each figure with its unit), a
row of codes under it (the figures' codes: how a column is recognised, whatever its label), then
one row per school and section, filled in where the school has filed. Sheet 填写说明: what each
figure means, its unit, decimals and range, the cross-field rules, and how rows are matched
(by 学校标识码, never by name). Reading returns the rows and the errors of the sheet's layout;
the figures themselves are checked by validation.check_values."""

from dataclasses import dataclass, field
from io import BytesIO
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from workflows.inspection.figures.models import Section
from workflows.inspection.figures.selectors import sections_for

CODE_COLUMN, NAME_COLUMN, SECTION_COLUMN = "A", "B", "C"
FIRST_FIGURE = 4  # column D
CODE_ROW, FIRST_DATA_ROW = 2, 3
MAX_ROWS = 5000


def sheet_name() -> str:
    return _("要素填报")


def section_code(text) -> str:
    """A section as typed ("小学", "初中", "县域" or the code) as its code; "" if none matches."""
    text = str(text or "").strip()
    for value, label in Section.choices:
        if text in (value, str(label)):
            return value
    return text


def template_workbook(collection, targets, returns, figures, rules) -> bytes:
    """The template for `targets` (with their sections), filled with `returns` {(target, section): values}."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name()
    sheet.append([_("学校标识码"), _("学校名称（仅供核对）"), _("学段"),
                  *[f"{f.name}（{f.unit}）" if f.unit else f.name for f in figures]])
    sheet.append([_("要素代码（请勿修改）"), "", "", *[f.code for f in figures]])
    grey = PatternFill("solid", fgColor="DDDDDD")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in sheet[CODE_ROW]:
        cell.fill = grey
    for target in targets:
        for section in sections_for(collection.figure_set, target.organisation):
            values = returns.get((target.pk, section), {})
            sheet.append([target.organisation.code, target.organisation.name, str(Section(section).label),
                          *[_number(values.get(f.code)) for f in figures]])
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=1):
        row[0].number_format = "@"  # the code stays text: a leading zero or 10 digits never become a number
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 24
    for index in range(FIRST_FIGURE, FIRST_FIGURE + len(figures)):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = "D3"
    _instructions(book.create_sheet(_("填写说明")), collection, figures, rules)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value):
    if value in (None, ""):
        return None
    return int(value) if "." not in str(value) else float(value)


def _instructions(sheet, collection, figures, rules):
    sheet.append([str(collection)])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in (
        _("1. 每所学校每个学段填一行；九年一贯制学校分“小学”“初中”两行分别填写小学部和初中部的数据。"),
        _("2. 学校以学校标识码（10位数字）识别，学校名称仅供核对；标识码与本区县参加采集的学校不符的行将报错。"),
        _("3. 只填原始数据（要素），不要填比例或生均数：指标由系统按公式计算。"),
        _("4. 第2行是要素代码，请勿修改或删除；可以调整行的顺序。"),
        _("5. 导入前先“校验”：全部无误才会导入，有任何错误则一行也不导入。"),
    ):
        sheet.append([line])
    sheet.append([])
    sheet.append([_("要素"), _("代码"), _("单位"), _("小数位数"), _("取值范围"), _("说明")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for figure in figures:
        sheet.append([figure.name, figure.code, figure.unit, figure.decimals, _range(figure), figure.help_text])
    if rules:
        sheet.append([])
        sheet.append([_("校验规则")])
        sheet[sheet.max_row][0].font = Font(bold=True)
        for rule in rules:
            sheet.append([rule.message])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["F"].width = 40


def _range(figure) -> str:
    low = "＞0" if figure.positive else (f"≥{figure.min_value.normalize():f}" if figure.min_value is not None else "")
    high = f"≤{figure.max_value.normalize():f}" if figure.max_value is not None else ""
    return "，".join(part for part in (low, high) if part)


@dataclass
class Row:
    number: int  # the Excel row
    code: str
    section: str
    values: dict  # {figure code: raw cell value}


@dataclass
class Read:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row, column, message)
    columns: dict = field(default_factory=dict)  # {figure code: column letter}


def read_workbook(content: bytes, figures) -> Read:
    read = Read()
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError, TypeError):
        read.errors.append((None, "", _("无法读取该文件，请使用下载的Excel模板（.xlsx）。")))
        return read
    name = sheet_name()
    if name not in book.sheetnames:
        read.errors.append((None, "", _("文件中没有“%(name)s”工作表，请使用下载的模板。") % {"name": name}))
        return read
    rows = list(book[name].iter_rows(values_only=True, max_row=MAX_ROWS + FIRST_DATA_ROW))
    book.close()
    if len(rows) > MAX_ROWS + CODE_ROW:
        read.errors.append((None, "", _("一次最多导入%(max)s行。") % {"max": MAX_ROWS}))
        return read
    header = [str(v).strip() if v is not None else "" for v in (rows[CODE_ROW - 1] if len(rows) >= CODE_ROW else ())]
    for index, code in enumerate(header):
        if index >= FIRST_FIGURE - 1 and code:
            read.columns[code] = get_column_letter(index + 1)
    missing = [f for f in figures if f.code not in read.columns]
    if missing:
        read.errors.append((CODE_ROW, "", _("第2行缺少要素代码：%(names)s。请使用下载的模板，不要修改第2行。") % {
            "names": "、".join(f"{f.name}（{f.code}）" for f in missing)}))
        return read
    positions = {code: index for index, code in enumerate(header) if code in read.columns}
    for number, cells in enumerate(rows[FIRST_DATA_ROW - 1:], start=FIRST_DATA_ROW):
        if not any(cell not in (None, "") for cell in cells):
            continue
        cells = list(cells) + [None] * (len(header) - len(cells))
        code = str(cells[0]).strip() if cells[0] is not None else ""
        if isinstance(cells[0], float) and cells[0].is_integer():
            code = str(int(cells[0]))
        if not code:
            read.errors.append((number, CODE_COLUMN, _("请填写学校标识码。")))
            continue
        read.rows.append(Row(number, code, cells[2], {f.code: cells[positions[f.code]] for f in figures}))
    return read
