"""Each list's columns in the workbook: a header and a cell per row, as the page shows them."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.templatetags.workpages import kind_label
from workflows.web.due import due_text


def moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _acting_for(who) -> str:
    return str(_("（代%(who)s）") % {"who": who}) if who else ""


TASK_COLUMNS = (
    (_("编号"), lambda row: row.item.ref_no),
    (_("事项"), lambda row: row.item.title),
    (_("状态"), lambda row: str(row.item.status_label)),
    (_("申报单位"), lambda row: str(row.item.organisation)),
    (_("步骤"), lambda row: row.title + _acting_for(row.entry.acting_for)),
    (_("期限"), lambda row: due_text(row.due)),
    (_("到达时间"), lambda row: moment(row.task.created)),
)


def _outcome(decision) -> str:
    text = str(decision.get_outcome_display())
    if decision.returned_to_title:
        text += f" → {decision.returned_to_title}"
    return text + _acting_for(decision.acting_for)


DECISION_COLUMNS = (
    (_("编号"), lambda d: d.item.ref_no),
    (_("事项"), lambda d: d.item.title),
    (_("状态"), lambda d: str(d.item.status_label)),
    (_("申报单位"), lambda d: str(d.item.organisation)),
    (_("步骤"), lambda d: str(d.task.flow_task.task_title)),
    (_("结果"), _outcome),
    (_("审批意见"), lambda d: d.comment or ""),
    (_("办理时间"), lambda d: moment(d.created_at)),
)


def _steps(row) -> str:
    return "\n".join(str(_("%(step)s：待%(who)s办理，期限 %(due)s")
                         % {"step": step.title, "who": step.waiting_for, "due": due_text(step.due)})
                     for step in row.steps)


ITEM_COLUMNS = (
    (_("编号"), lambda row: row.item.ref_no),
    (_("事项"), lambda row: row.item.title),
    (_("类别"), lambda row: kind_label(row.item)),
    (_("申报单位"), lambda row: str(row.item.organisation)),
    (_("状态"), lambda row: str(row.item.status_label)),
    (_("当前步骤"), _steps),
    (_("更新时间"), lambda row: moment(row.item.updated_at)),
)

COLUMNS = {"todo": TASK_COLUMNS, "claimable": TASK_COLUMNS, "done": DECISION_COLUMNS, "items": ITEM_COLUMNS}
TITLES = {"todo": _("待办"), "claimable": _("可领取"), "done": _("已办"), "items": _("事项查询")}
