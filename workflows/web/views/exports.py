"""导出 Excel from 待办, 可领取, 已办, 事项查询 (with the page's filters and sort) and 统计: the file
holds what the page would list, over every page of it, within the reader's scope. A long list is
exported in the background instead (export_jobs.py)."""

import io
from urllib.parse import quote

from django.contrib import messages
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine.exports import rules
from workflows.engine.reading.selectors import visible_items
from workflows.web.exports import background
from workflows.web.exports.columns import TITLES
from workflows.web.exports.streaming import snapshot, write_list
from workflows.web.exports.tables import stats_tables
from workflows.web.exports.workbook import XLSX, workbook_bytes
from workflows.web.stats_charts import StatsFilterForm
from workflows.web.views import lists

PAGES = {"todo": lists.todo, "claimable": lists.claimable, "done": lists.done, "items": lists.search}


def xlsx_response(data: bytes, title: str) -> HttpResponse:
    name = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def list_export(request, name):
    """The list's .xlsx at once, up to EXPORTS_BACKGROUND_ABOVE rows; more go to the background
    (the page offers 后台导出, a POST: this GET only says so)."""
    form = background.filter_form(name, request.GET)
    if not form.is_valid():
        return PAGES[name](request)  # the page itself, saying what is wrong with the filter (400)
    ids = snapshot(background.ordered_rows(name, form, request.user), settings.EXPORTS_BACKGROUND_ABOVE)
    if rules.needs_background(len(ids)):
        messages.info(request, _("符合条件的记录较多（超过 %(limit)s 条）：请点“后台导出 Excel”，文件生成后会通知您下载。")
                      % {"limit": settings.EXPORTS_BACKGROUND_ABOVE})
        return redirect(f"{reverse(f'workflows:{name}')}?{request.GET.urlencode()}")
    out = io.BytesIO()
    write_list(out, name=name, user=request.user, ids=ids)
    return xlsx_response(out.getvalue(), str(TITLES[name]))


@login_required
def stats_export(request):
    """The 统计 page's tables under the same date range and filters (StatsFilterForm)."""
    scoped = visible_items(request.user)
    items = StatsFilterForm(request.GET or None, scoped=scoped).items(scoped)
    return xlsx_response(workbook_bytes(stats_tables(request.user, items)), _("统计"))
