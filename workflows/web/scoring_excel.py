"""The department's scoring result as an Excel workbook (openpyxl): the same table as the result
page (scoring.selectors.result_table), one sheet of scores and the computation below it."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font


def verdict_text(table) -> str:
    passed = _("合格") if table.passed else _("不合格")
    return f"{passed}（{table.band}）" if table.band else passed


def computation_lines(table) -> list[tuple[str, str]]:
    """The computation as (label, value) pairs: what the page and the workbook both show."""
    numbers = "、".join
    return [
        (_("计分规则"), table.rule_label),
        (_("各专家总分"), numbers(str(total) for total in table.totals)),
        (_("去掉的分数"), numbers(str(value) for value in table.dropped) or _("无")),
        (_("计入平均的分数"), numbers(str(value) for value in table.counted)),
        (_("最终得分"), str(table.total)),
        (_("合格分数线"), str(table.pass_mark) if table.pass_mark is not None else _("未设")),
        (_("评定结果"), verdict_text(table)),
    ]


def result_workbook(table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("评分结果")
    sheet.append([f"{table.item.title}（{table.item.ref_no}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([str(table.rubric)])
    sheet.append([])
    sheet.append([_("编号"), _("指标"), _("满分"), _("权重"), *table.experts, _("平均分")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in table.rows:
        row = line["row"]
        sheet.append([row.code, ("  " * row.depth) + row.name, row.max_score, row.weight, *line["scores"],
                      line["average"]])
        if not row.leaf:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.append([_("总分"), "", "", "", *table.totals, table.total])
    sheet.append([])
    for label, value in computation_lines(table):
        sheet.append([str(label), str(value)])
    if table.comments:
        sheet.append([])
        sheet.append([_("评语")])
        for comment in table.comments:
            sheet.append([comment["expert"], comment["code"], comment["comment"]])
    sheet.column_dimensions["B"].width = 28
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
