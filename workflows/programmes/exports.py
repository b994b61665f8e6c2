"""A campaign's exports to Excel, whatever its kind: its applications, its scores and its results.

    EXPORTS                                 name → (title, who may: "district" or "department")
    export_scope(user, campaign, name)      (campaign, districts or None); NotFound when not theirs
    export_ids(campaign, districts)         the items, by district and reference number
    export_tables(name, campaign, ids)      the workbook's tables (web.exports.workbook.Table)

申报情况 (applications, one row per item: school, district, status, first submitted, current step,
deadline) is read by the department and by a district for its own schools (rules.overview_for);
评分明细 (scores: per item per indicator, every expert's score and the average, from the confirmed
scoring results) and 评审结果 (results: the decision, the rank on the decision list, score and
grade, the 文号 and the certificate) are the department's only. Experts are never named: an
export leaves the system, so a column is 专家1, 专家2… in seat order, as the panel's scores are
shown to whoever may not know who sat on it. A fixed number of queries per export.

A campaign larger than EXPORTS_BACKGROUND_ABOVE items is exported as a 导出任务 (the job's rows
are the item ids, fixed at the request in the asker's scope; the worker writes them through
write_job, reading the scope again).
"""

from decimal import Decimal, InvalidOperation

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from core.audit.services import record_event
from workflows.engine.certificates.models import Certificate
from workflows.engine.deadlines.models import TaskDeadline
from workflows.engine.documents.models import DocumentItem
from workflows.engine.exceptions import NotFound
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.lists.models import ListMember, QuotaScope
from workflows.engine.models import OPEN, Item
from workflows.engine.rubrics.models import Indicator
from workflows.engine.rubrics.tree import depth_first
from workflows.engine.scoring.models import ScoreLine, ScoringResult
from workflows.programmes import rules
from workflows.programmes.campaigns import campaign_items
from workflows.programmes.overview import in_districts
from workflows.engine.exports import services
from workflows.web.exports.workbook import Table, workbook_bytes

DISTRICT, DEPARTMENT = "district", "department"
EXPORTS = {
    "campaign_items": (gettext_lazy("申报情况"), DISTRICT),
    "campaign_scores": (gettext_lazy("评分明细"), DEPARTMENT),
    "campaign_results": (gettext_lazy("评审结果"), DEPARTMENT),
}


def export_scope(user, campaign, name):
    """(campaign, districts): the campaign if `user` may export `name` of it, and the districts
    they are limited to (None: all). NotFound otherwise, also for a district asking for the
    department's scores or results."""
    if name not in EXPORTS:
        raise NotFound(_("没有这种导出。"))
    found, districts = rules.overview_for(user, campaign, queryset=campaign_rows())
    if districts is not None and EXPORTS[name][1] == DEPARTMENT:
        raise NotFound(_("未找到该申报批次的评审数据，或您无权导出。"))
    return found, districts


def campaign_rows():
    return Campaign.objects.select_related("programme", "owner_department")


def export_ids(campaign, districts) -> list[int]:
    items = in_districts(campaign_items(campaign), districts)
    return list(items.order_by("organisation__path", "ref_no").values_list("pk", flat=True))


def export_tables(name, campaign, ids) -> list[Table]:
    return BUILDERS[name](campaign, ids)


def audit_export(*, user, campaign, name, count) -> None:
    """An export one waits for is data leaving too: who took which of the campaign's tables."""
    record_event(action="campaign_export", target=campaign, actor=user, organisation=campaign.owner_department,
                 data={"export": name, "rows": count})


def _items(ids):
    found = (Item.objects.filter(pk__in=ids).select_related("organisation__parent")
             .annotate(first_submitted=Min("submissions__submitted_at")).in_bulk())
    return [found[pk].as_kind() for pk in ids if pk in found]


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _school_cells(item) -> list:
    school = item.organisation
    return [item.ref_no, school.name, school.parent.name if school.parent else ""]


def applications(campaign, ids) -> list[Table]:
    items = _items(ids)
    tasks = {}
    for task in (Task.objects.filter(process__artifact_object_id__in=ids, flow_task_type="HUMAN", status__in=OPEN)
                 .select_related("process").order_by("created", "pk")):
        tasks.setdefault(task.process.artifact_object_id, []).append(task)
    deadlines = dict(TaskDeadline.objects.filter(task_id__in=[t.pk for ts in tasks.values() for t in ts])
                     .values_list("task_id", "due_at"))
    now = timezone.now()
    table = Table(title=_("申报情况"), caption=str(campaign),
                  headers=[_("编号"), _("学校"), _("区县"), _("状态"), _("提交时间"), _("当前步骤"), _("办理期限"),
                           _("是否逾期")])
    for item in items:
        open_tasks = tasks.get(item.pk, [])
        dues = [deadlines.get(task.pk) for task in open_tasks]
        late = any(due is not None and due < now for due in dues)
        table.rows.append(_school_cells(item) + [
            str(item.status_label), _moment(item.first_submitted),
            "、".join(str(task.flow_task.task_title) for task in open_tasks),
            "、".join(_moment(due) for due in dues if due), _("是") if late else ""])
    return [table]


def _results(ids) -> dict:
    latest = {}
    for result in ScoringResult.objects.filter(item_id__in=ids).order_by("item", "-closed_at"):
        latest.setdefault(result.item_id, result)
    return latest


def scores(campaign, ids) -> list[Table]:
    items = _items(ids)
    results = _results(ids)
    sheet_ids = {item: [entry["sheet"] for entry in result.computation.get("sheets", ())]
                 for item, result in results.items()}
    lines = {(line.sheet_id, line.code): line.score
             for line in ScoreLine.objects.filter(sheet_id__in=[s for ss in sheet_ids.values() for s in ss])}
    indicators = {}
    for indicator in Indicator.objects.filter(rubric_id__in={r.rubric_id for r in results.values()}).order_by(
            "rubric_id", "order", "id"):
        indicators.setdefault(indicator.rubric_id, []).append(indicator)
    experts = max((len(ss) for ss in sheet_ids.values()), default=0)
    table = Table(title=_("评分明细"), caption=str(campaign),
                  headers=[_("编号"), _("学校"), _("区县"), _("指标编号"), _("指标"), _("满分"),
                           *[_("专家%(n)d") % {"n": n} for n in range(1, experts + 1)], _("平均分")])
    for item in items:
        result = results.get(item.pk)
        if result is None:
            continue
        sheets = sheet_ids[item.pk]
        averages = result.computation.get("indicators", {})
        for indicator, _depth, _leaf, _first, _last in depth_first(indicators.get(result.rubric_id, [])):
            scored = [lines.get((sheet, indicator.code)) for sheet in sheets]
            table.rows.append(_school_cells(item) + [
                indicator.code, indicator.name, indicator.max_score,
                *_padded(scored, experts), _number(averages.get(indicator.code))])
        totals = [entry.get("total") for entry in result.computation.get("sheets", ())]
        table.rows.append(_school_cells(item) + ["", _("总分"), "", *_padded([_number(t) for t in totals], experts),
                                                 result.total])
    return [table]


def _padded(values, width) -> list:
    return list(values) + [""] * (width - len(values))


def _number(value):
    """A score kept as text in the computation's JSON, as a number for Excel."""
    if value in (None, ""):
        return ""
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return str(value)


def results_table(campaign, ids) -> list[Table]:
    items = _items(ids)
    scored = _results(ids)
    ranks = dict(ListMember.objects.live().filter(item_id__in=ids, list_act__campaign=campaign,
                                                  list_act__quota_scope=QuotaScope.TOTAL)
                 .values_list("item_id", "rank"))
    numbers = {}
    for line in DocumentItem.objects.filter(item_id__in=ids).select_related("document").order_by("document_id"):
        numbers.setdefault(line.item_id, []).append(line.document.number_text)
    certificates = {}
    for certificate in Certificate.objects.filter(item_id__in=ids).order_by("pk"):
        certificates.setdefault(certificate.item_id, []).append(certificate.number)
    table = Table(title=_("评审结果"), caption=str(campaign),
                  headers=[_("编号"), _("学校"), _("区县"), _("结果"), _("决定名单排名"), _("得分"), _("等级"),
                           _("文号"), _("证书编号")])
    for item in items:
        result = scored.get(item.pk)
        table.rows.append(_school_cells(item) + [
            str(item.status_label), ranks.get(item.pk, ""), result.total if result else "",
            result.band if result else "", "、".join(numbers.get(item.pk, [])),
            "、".join(certificates.get(item.pk, []))])
    return [table]


def start_background(*, user, campaign, name):
    """Queue the export as a 导出任务 (its rows the items in `user`'s scope now). (job, created)."""
    found, districts = export_scope(user, campaign, name)
    ids = export_ids(found, districts)
    return services.start_job(owner=user, list_name=name, title=str(EXPORTS[name][0]),
                              filters={"campaign": found.pk}, row_ids=ids)


def write_job(out, job, progress=None) -> int:
    """The worker's part: the job's rows still in its owner's scope, written to `out`."""
    found, districts = export_scope(job.owner, job.filters.get("campaign"), job.list_name)
    allowed = set(export_ids(found, districts))
    ids = [pk for pk in job.row_ids if pk in allowed]
    out.write(workbook_bytes(export_tables(job.list_name, found, ids)))
    if progress is not None:
        progress(len(job.row_ids))
    return len(ids)


BUILDERS = {"campaign_items": applications, "campaign_scores": scores, "campaign_results": results_table}
