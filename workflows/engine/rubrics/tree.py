"""A rubric read from the database: into the plain `RubricTree` the computations take, and into
the rows a page shows (each indicator with its depth and place among its siblings)."""

from dataclasses import dataclass

from workflows.engine.rubrics.models import Indicator, Rubric
from workflows.engine.rubrics.shapes import Band, IndicatorSpec, RubricTree


def depth_first(rows):
    """(row, depth, is_leaf, is_first, is_last) for indicator rows already in (order, id) order:
    each group before its children, siblings in order. `is_first`/`is_last` among its siblings."""
    by_parent = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)

    def walk(parent_id, depth):
        siblings = by_parent.get(parent_id, [])
        for index, row in enumerate(siblings):
            yield row, depth, row.pk not in by_parent, index == 0, index == len(siblings) - 1
            yield from walk(row.pk, depth + 1)

    return list(walk(None, 0))


@dataclass(frozen=True)
class TreeRow:
    """One indicator as the rubric page shows it."""

    indicator: Indicator
    depth: int
    leaf: bool
    first: bool
    last: bool
    parent_code: str | None


def tree_rows(rubric) -> list[TreeRow]:
    """The rubric's indicators depth first, with their place in the tree. One query."""
    rows = list(Indicator.objects.filter(rubric=rubric).order_by("order", "id"))
    codes = {row.pk: row.code for row in rows}
    return [TreeRow(row, depth, leaf, first, last, codes.get(row.parent_id))
            for row, depth, leaf, first, last in depth_first(rows)]


def subtree(rows, indicator) -> list[TreeRow]:
    """The rows under `indicator` (not itself), from `tree_rows`: the run of deeper rows after it."""
    found, depth = [], None
    for row in rows:
        if depth is not None and row.depth <= depth:
            break
        if depth is not None:
            found.append(row)
        elif row.indicator.pk == getattr(indicator, "pk", None):
            depth = row.depth
    return found


def rubric_tree(rubric: Rubric) -> RubricTree:
    """The rubric's indicators depth first (each group before its children, siblings by `order`),
    its bands from the highest, its rule, pass mark and tie-breaks. Three queries."""
    rubric = Rubric.objects.get(pk=rubric.pk) if not isinstance(rubric, Rubric) else rubric
    specs = tuple(IndicatorSpec(code=row.indicator.code, name=row.indicator.name, max_score=row.indicator.max_score,
                                weight=row.indicator.weight, parent=row.parent_code) for row in tree_rows(rubric))
    bands = tuple(Band(label=band.label, min_score=band.min_score, max_score=band.max_score)
                  for band in rubric.bands.order_by("-min_score"))
    return RubricTree(indicators=specs, rule=rubric.result_rule, pass_mark=rubric.pass_mark, bands=bands,
                      tie_breaks=tuple(rubric.tie_breaks or ()), name=str(rubric))
