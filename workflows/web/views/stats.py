"""统计: what the reader may see, counted (workflows/web/stats.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workflows.web.stats import kind_tables, step_times


@login_required
def statistics_page(request):
    return render(request, "workflows/stats.html",
                  {"tables": kind_tables(request.user), "step_times": step_times(request.user), "page_name": "stats"})
