"""统计: what the reader may see, counted (workflows/web/stats.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workflows.engine.reading.selectors import visible_items
from workflows.web.stats import kind_tables, step_times
from workflows.web.stats_charts import StatsFilterForm, chart_data


@login_required
def statistics_page(request):
    scoped = visible_items(request.user)
    form = StatsFilterForm(request.GET or None, scoped=scoped)
    items = form.items(scoped)
    tables, steps = kind_tables(request.user, items), step_times(request.user, items)
    return render(request, "workflows/stats.html", {
        "tables": tables, "step_times": steps, "page_name": "stats", "form": form,
        "charts": chart_data(tables, steps),
    })
