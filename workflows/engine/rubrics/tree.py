"""A rubric read from the database into the plain `RubricTree` the computations take."""

from workflows.engine.rubrics.models import Rubric
from workflows.engine.rubrics.shapes import Band, IndicatorSpec, RubricTree


def rubric_tree(rubric: Rubric) -> RubricTree:
    """The rubric's indicators depth first (each group before its children, siblings by `order`),
    its bands from the highest, its rule, pass mark and tie-breaks. Three queries."""
    rubric = Rubric.objects.get(pk=rubric.pk) if not isinstance(rubric, Rubric) else rubric
    rows = list(rubric.indicators.order_by("order", "id"))
    codes = {row.pk: row.code for row in rows}
    by_parent = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    ordered = []

    def walk(parent_id):
        for row in by_parent.get(parent_id, []):
            ordered.append(IndicatorSpec(code=row.code, name=row.name, max_score=row.max_score, weight=row.weight,
                                         parent=codes.get(row.parent_id)))
            walk(row.pk)

    walk(None)
    bands = tuple(Band(label=band.label, min_score=band.min_score, max_score=band.max_score)
                  for band in rubric.bands.order_by("-min_score"))
    return RubricTree(indicators=tuple(ordered), rule=rubric.result_rule, pass_mark=rubric.pass_mark, bands=bands,
                      tie_breaks=tuple(rubric.tie_breaks or ()), name=str(rubric))
