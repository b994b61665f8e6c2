"""Statistics over the items a user may see: counts by kind × status × district, and the median
time each step took. Callers pass a scoped queryset (selectors.visible_items), so a district sees
itself and the city sees everything its department owns.

Each function costs a fixed number of queries; the medians are computed in Python from one row
per finished task, which is portable (SQLite has no percentile function) and cheap at a city's
yearly volume.
"""

from collections import defaultdict
from statistics import mean, median

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.orgs.models import PATH_SEGMENT_WIDTH, Organisation
from core.orgs.roles import OrgKind
from workflows.engine.models import kind_models
from workflows.engine.reading.search import overdue_item_ids
from workflows.engine.reading.selectors import HUMAN

# The bureau's segment and the district's: every item's district is the first two of its path.
DISTRICT_PATH_LENGTH = 2 * (PATH_SEGMENT_WIDTH + 1)


def kind_label(kind: str) -> str:
    model = kind_models().get(kind)
    return str(model._meta.verbose_name) if model else kind


def status_label(kind: str, status: str) -> str:
    model = kind_models().get(kind)
    try:
        return str(model.Status(status).label) if model else status
    except ValueError:
        return status


def _by_district(items: QuerySet, fields: list[str]) -> list[dict]:
    """Counts of `items` grouped by their district and `fields`, each row with its district."""
    rows = list(
        items.order_by()
        .annotate(district_path=Substr("organisation__path", 1, DISTRICT_PATH_LENGTH))
        .values(*fields, "district_path")
        .annotate(count=Count("pk"))
    )
    paths = {row["district_path"] for row in rows}
    districts = {org.path: org for org in Organisation.objects.filter(path__in=paths, kind=OrgKind.DISTRICT)}
    for row in rows:
        row["district"] = districts.get(row.pop("district_path"))
        row["kind_label"] = kind_label(row["kind"])
    rows.sort(key=lambda r: (r["district"].path if r["district"] else "~", *(r[f] for f in fields)))
    return rows


def districts_of(items: QuerySet) -> QuerySet:
    """The districts that `items` belong to, in the tree's order (one query when evaluated)."""
    paths = items.order_by().annotate(district_path=Substr("organisation__path", 1, DISTRICT_PATH_LENGTH))
    return Organisation.objects.filter(kind=OrgKind.DISTRICT, path__in=paths.values("district_path")).order_by("path")


def item_counts(items: QuerySet) -> list[dict]:
    """[{kind, kind_label, status, status_label, district: Organisation | None, count}], by district,
    kind and status. Items at the bureau or a department have no district."""
    rows = _by_district(items, ["kind", "status"])
    for row in rows:
        row["status_label"] = status_label(row["kind"], row["status"])
    return rows


def overdue_counts(items: QuerySet, now=None) -> list[dict]:
    """[{kind, kind_label, district, count}]: items with an open task past its deadline."""
    return _by_district(items.filter(pk__in=overdue_item_ids(now)), ["kind"])


def step_durations(items: QuerySet) -> list[dict]:
    """[{kind, kind_label, step, step_title, finished, median_seconds, mean_seconds, with_deadline,
    on_time}] for every step that has finished at least once on these items: from the task's
    creation (queue time included) to its completion; `with_deadline` of them had a deadline and
    `on_time` of those finished by it."""
    done = (
        Task.objects.filter(process__item__in=items.order_by().values("pk"), flow_task_type=HUMAN,
                            status=STATUS.DONE, finished__isnull=False)
        .values_list("flow_task", "created", "finished", "deadline__due_at")
    )
    seconds, deadlines = defaultdict(list), defaultdict(list)
    nodes = {}
    for node, created, finished, due_at in done:
        kind = getattr(getattr(node.flow_class, "item_model", None), "KIND", "")
        key = (kind, node.name)
        nodes[key] = node
        seconds[key].append((finished - created).total_seconds())
        if due_at is not None:
            deadlines[key].append(finished <= due_at)
    return [
        {
            "kind": kind, "kind_label": kind_label(kind), "step": step,
            "step_title": str(nodes[(kind, step)].task_title), "finished": len(values),
            "median_seconds": median(values), "mean_seconds": mean(values),
            "with_deadline": len(deadlines[(kind, step)]), "on_time": sum(deadlines[(kind, step)]),
        }
        for (kind, step), values in sorted(seconds.items())
    ]
