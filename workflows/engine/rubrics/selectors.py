"""What the rubric pages and the API read, through the one rule (rules.manageable): a
department's rubrics by year and state, and one rubric with its tree and bands."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from workflows.engine.rubrics.rules import manageable, rubric_for
from workflows.engine.rubrics.services import full_total
from workflows.engine.rubrics.tree import TreeRow, rubric_tree, tree_rows

EDITING, FROZEN = "editing", "frozen"


def rubric_list(user, department, *, year=None, state=None):
    """The department's rubrics (newest year and version first within a name) with their
    indicator counts: one query whatever the length."""
    rows = manageable(user).filter(department=department).annotate(indicator_count=Count("indicators")) \
        .select_related("copied_from").order_by("name", "-year", "-version")
    if year:
        rows = rows.filter(year=year)
    if state == EDITING:
        rows = rows.filter(frozen_at__isnull=True)
    elif state == FROZEN:
        rows = rows.filter(frozen_at__isnull=False)
    return rows


def years_of(user, department) -> list[int]:
    return list(manageable(user).filter(department=department).order_by("-year").values_list("year", flat=True)
                .distinct())


def copy_targets(user, department, this_year=None) -> dict[int, int]:
    """{rubric pk: this year} for the newest version of each name whose year is past (whatever a
    list's filters show): the list offers 复制上一年度 on those rows. One query."""
    this_year = this_year or timezone.localdate().year
    newest = {}
    for rubric in manageable(user).filter(department=department).only("pk", "name", "year", "version"):
        current = newest.get(rubric.name)
        if current is None or (rubric.year, rubric.version) > (current.year, current.version):
            newest[rubric.name] = rubric
    return {rubric.pk: this_year for rubric in newest.values() if rubric.year < this_year}


@dataclass
class RubricView:
    rubric: object
    rows: list[TreeRow]
    bands: list
    full_total: Decimal


def rubric_view(user, ref) -> RubricView:
    """One rubric in `user`'s scope (else NotFound) with its tree, bands and full total. Four queries."""
    rubric = rubric_for(user, ref, queryset=manageable(user).select_related("department", "copied_from"))
    tree = rubric_tree(rubric)
    return RubricView(rubric=rubric, rows=tree_rows(rubric), bands=list(tree.bands), full_total=full_total(tree))
