"""The statistics page's tables, from the engine's counts (workflows.engine.reading.stats) over the items
the reader may see: a district sees itself, a city department everything it owns. Items by kind,
with a row per district and a column per status, the overdue items beside them, and the median
time each step took. A fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext as _

from workflows.engine.models import kind_models
from workflows.engine.reading.selectors import visible_items
from workflows.engine.reading.stats import item_counts, overdue_counts, step_durations
from workflows.web.stats_charts import average_days, on_time_percent


@dataclass
class DistrictRow:
    district: object  # Organisation, or None for items of the bureau and its departments
    counts: list[int]
    overdue: int
    total: int


@dataclass
class KindTable:
    kind: str
    label: str
    statuses: list[tuple[str, str]]
    rows: list[DistrictRow] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    overdue: int = 0
    total: int = 0


def kind_tables(user, items=None) -> list[KindTable]:
    """`items`: the reader's visible items narrowed by the page's filters (all of them if None)."""
    items = visible_items(user) if items is None else items
    counts = item_counts(items)
    overdue = {(row["kind"], row["district"]): row["count"] for row in overdue_counts(items)}
    tables: dict[str, KindTable] = {}
    for row in counts:
        table = tables.setdefault(row["kind"], KindTable(kind=row["kind"], label=row["kind_label"], statuses=[]))
        if (row["status"], row["status_label"]) not in table.statuses:
            table.statuses.append((row["status"], row["status_label"]))
    models = kind_models()
    for table in tables.values():
        # Columns in the order the kind declares its statuses (its process order).
        declared = list(models[table.kind].Status.values) if table.kind in models else []
        table.statuses.sort(key=lambda s: declared.index(s[0]) if s[0] in declared else len(declared))
        rows = [row for row in counts if row["kind"] == table.kind]
        for district in dict.fromkeys(row["district"] for row in rows):
            by_status = {row["status"]: row["count"] for row in rows if row["district"] == district}
            cells = [by_status.get(code, 0) for code, _label in table.statuses]
            late = overdue.get((table.kind, district), 0)
            table.rows.append(DistrictRow(district=district, counts=cells, overdue=late, total=sum(cells)))
        table.totals = [sum(row.counts[i] for row in table.rows) for i in range(len(table.statuses))]
        table.overdue = sum(row.overdue for row in table.rows)
        table.total = sum(table.totals)
    return sorted(tables.values(), key=lambda t: t.label)


def step_times(user, items=None) -> list[dict]:
    """Each step's median and average time and on-time rate, over `items` as in kind_tables."""
    rows = step_durations(visible_items(user) if items is None else items)
    return [{**row, "median": timedelta(seconds=row["median_seconds"]), "average_days": average_days(row),
             "on_time_percent": on_time_percent(row)} for row in rows]


def duration_text(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    if hours < 1:
        return _("%(n)d分钟") % {"n": max(round(hours * 60), 0)}
    if hours < 48:
        return _("%(n).1f小时") % {"n": hours}
    return _("%(n).1f天") % {"n": hours / 24}
