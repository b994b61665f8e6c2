"""申报批次总览 and its exports: the page (the department: every district; a district: its own
row), the .xlsx of 申报情况 / 评分明细 / 评审结果 at once up to EXPORTS_BACKGROUND_ABOVE items,
and the 导出任务 (a POST) beyond. Who may is workflows.programmes.rules.overview_for and
exports.export_scope (anyone else 404)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exports import rules as export_rules
from workflows.programmes import exports, rules
from workflows.programmes.campaigns import STATES
from workflows.programmes.overview import campaign_overview
from workflows.web.exports.workbook import workbook_bytes
from workflows.web.views.exports import xlsx_response


@login_required
def overview_page(request, pk):
    campaign, districts = rules.overview_for(request.user, pk, queryset=exports.campaign_rows())
    overview = campaign_overview(campaign, districts)
    offered = [(name, title) for name, (title, who) in exports.EXPORTS.items()
               if districts is None or who == exports.DISTRICT]
    return render(request, "workflows/programmes/overview.html", {
        "overview": overview, "campaign": campaign, "programme": campaign.programme, "states": STATES,
        "exports": offered, "background_above": settings.EXPORTS_BACKGROUND_ABOVE, "page_name": "programmes"})


@login_required
def export_file(request, pk, name):
    campaign, districts = exports.export_scope(request.user, pk, name)
    ids = exports.export_ids(campaign, districts)
    if export_rules.needs_background(len(ids)):
        messages.info(request, _("该批次的事项较多（超过 %(limit)s 件）：请点“后台导出”，文件生成后会通知您下载。")
                      % {"limit": settings.EXPORTS_BACKGROUND_ABOVE})
        return redirect("workflows:campaign-overview", pk=campaign.pk)
    tables = exports.export_tables(name, campaign, ids)
    exports.audit_export(user=request.user, campaign=campaign, name=name, count=len(ids))
    return xlsx_response(workbook_bytes(tables), str(exports.EXPORTS[name][0]))


@require_POST
@login_required
def export_background(request, pk, name):
    exports.export_scope(request.user, pk, name)  # 404 before anything else
    try:
        job, created = exports.start_background(user=request.user, campaign=pk, name=name)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("workflows:campaign-overview", pk=pk)
    if created:
        messages.success(request, _("已开始在后台导出，共 %(count)s 条；完成后会通知您。") % {"count": job.total})
    else:
        messages.info(request, _("同样条件的导出正在进行，请等候它完成。"))
    return redirect("workflows:export-job", pk=job.pk)
