"""The 统计 page's filters (a date range, kind, district, campaign, year: the 事项查询 filters, less
search, status and order) and its charts' data, made from the very tables the page shows, so that
a chart and its table cannot disagree. static/js/stats_charts.js draws the data with ECharts
(static/vendor/echarts), read from a json_script element: no inline script (core/csp.py)."""

from django.utils.translation import gettext as _

from workflows.engine.reading.stats import districts_of
from workflows.web.forms import ItemFilterForm
from workflows.web.listing import filter_items, item_filters_used

# The 事项查询 filters that make no sense for counts.
NOT_HERE = ("q", "status", "overdue", "sort")


class StatsFilterForm(ItemFilterForm):
    """`scoped`: the reader's visible items; the districts offered are theirs (a district's
    reviewer is offered their own), and a district outside them is refused as an invalid choice."""

    def __init__(self, *args, scoped, **kwargs):
        super().__init__(*args, sorts={"": ("", None)}, **kwargs)
        for name in NOT_HERE:
            del self.fields[name]
        self.fields["district"].queryset = districts_of(scoped)

    def items(self, items):
        """`items` narrowed by the valid filters; with an error, none of them is applied."""
        if not self.is_valid() or not item_filters_used(self.cleaned_data):
            return items
        return filter_items(items, self.cleaned_data)

    @property
    def used(self) -> bool:
        return self.is_bound and self.is_valid() and item_filters_used(self.cleaned_data)


def district_name(row) -> str:
    return str(row.district) if row.district is not None else _("市局及直属")


def on_time_percent(step: dict):
    """The share of a step's finished tasks with a deadline that finished by it, in whole percent;
    None where none had a deadline."""
    if not step["with_deadline"]:
        return None
    return round(100 * step["on_time"] / step["with_deadline"])


def average_days(step: dict) -> float:
    return round(step["mean_seconds"] / 86400, 1)


def chart_data(tables, steps) -> dict:
    """For each kind, its items by district and status (a stacked bar per district); for each
    step, its average days and on-time rate: the numbers of the tables, as they are shown."""
    return {
        "kinds": [
            {
                "title": str(_("%(kind)s：各区县按状态") % {"kind": table.label}),
                "districts": [district_name(row) for row in table.rows],
                "series": [{"name": str(label), "data": [row.counts[i] for row in table.rows]}
                           for i, (_code, label) in enumerate(table.statuses)],
            }
            for table in tables
        ],
        "steps": {
            "names": [f"{step['kind_label']}·{step['step_title']}" for step in steps],
            "average_days": [step["average_days"] for step in steps],
            "on_time": [step["on_time_percent"] for step in steps],
            "labels": {"average_days": str(_("平均用时（天）")), "on_time": str(_("按时办结率（%）"))},
        },
    }
