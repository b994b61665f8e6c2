"""导出 Excel from 待办, 可领取, 已办, 事项查询 (with the page's filters and sort) and 统计: the file
holds what the page would list, over every page of it, within the reader's scope."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine.reading.selectors import visible_items
from workflows.web.exports.columns import TITLES
from workflows.web.exports.tables import list_table, stats_tables
from workflows.web.exports.workbook import XLSX, workbook_bytes
from workflows.web.forms import ItemFilterForm
from workflows.web.stats_charts import StatsFilterForm
from workflows.web.views import lists

# The most rows one export writes while the reader waits.
EXPORT_LIMIT = 5000
PAGES = {"todo": lists.todo, "claimable": lists.claimable, "done": lists.done, "items": lists.search}


def xlsx_response(data: bytes, title: str) -> HttpResponse:
    name = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def list_export(request, name):
    spec = lists.LISTS[name]
    form = ItemFilterForm(request.GET, sorts=spec.sorts)
    if not form.is_valid():
        return PAGES[name](request)  # the page itself, saying what is wrong with the filter (400)
    ordered = form.sorter()(spec.apply_filters(spec.queryset(request.user), form.cleaned_data))
    count = ordered.count()
    if count > EXPORT_LIMIT:
        messages.error(request, _("符合条件的记录有 %(count)s 条，一次最多导出 %(limit)s 条：请缩小筛选范围后再导出。")
                       % {"count": count, "limit": EXPORT_LIMIT})
        return redirect(f"{reverse(f'workflows:{name}')}?{request.GET.urlencode()}")
    return xlsx_response(workbook_bytes([list_table(spec, name, ordered, request.user)]), str(TITLES[name]))


@login_required
def stats_export(request):
    """The 统计 page's tables under the same date range and filters (StatsFilterForm)."""
    scoped = visible_items(request.user)
    items = StatsFilterForm(request.GET or None, scoped=scoped).items(scoped)
    return xlsx_response(workbook_bytes(stats_tables(request.user, items)), _("统计"))
