"""The plan page as an Excel workbook (openpyxl): the same rows the page shows, in its order."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook


def plan_workbook(plan, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("督导进度")
    sheet.append([_("编号"), _("督导对象"), _("当前环节"), _("办理期限"), _("逾期天数"), _("督办次数"), _("自评")])
    for row in rows:
        due = timezone.localtime(row.due_at).strftime("%Y-%m-%d %H:%M") if row.due_at else ""
        sheet.append([row.case.ref_no, row.target.name, row.stage, due, row.late_days, row.escalations,
                      _("未提交") if row.self_assessment_missing else ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
