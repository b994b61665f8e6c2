"""What the scoring pages, the Excel export and the API read. Reads only, through `rules`:

    sheet_view(user, item)     the expert's own sheet: every indicator (range, guidance) and their lines
    overview(user, item)       the chair's and the department's view: who has submitted, the sheets
                               their reader may see (rules.visible_sheets), what each may do
    result_table(user, item)   the department's result: every expert's score on every indicator,
                               the per-indicator averages, the computation and the verdict
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.experts import selectors as panels
from workflows.engine.models import Item
from workflows.engine.rubrics import results
from workflows.engine.rubrics.models import Indicator, ResultRule
from workflows.engine.rubrics.tree import depth_first, rubric_tree
from workflows.engine.scoring import rules
from workflows.engine.scoring.models import ScoreSheet, ScoringResult, SheetState
from workflows.engine.scoring.step import scoring_task


@dataclass(frozen=True)
class Row:
    """One indicator as a sheet shows it; `depth` 0 at the top, only leaves are scored."""

    code: str
    name: str
    guidance: str
    max_score: Decimal
    weight: Decimal
    depth: int
    leaf: bool
    score: Decimal | None = None
    comment: str = ""


@dataclass
class SheetView:
    item: Item
    seat: object
    rubric: object
    sheet: ScoreSheet | None
    rows: list[Row]

    @property
    def editable(self) -> bool:
        return self.sheet is None or self.sheet.state != SheetState.SUBMITTED


@dataclass
class Overview:
    item: Item
    states: list[dict]  # {"seat", "expert", "sheet", "state"}: no score
    sheets: list[ScoreSheet]  # what the reader may see of the scores
    all_submitted: bool
    is_chair: bool
    is_staff: bool
    result: ScoringResult | None
    at_step: bool


@dataclass
class ResultTable:
    item: Item
    rubric: object
    experts: list[str]  # column heads, in seat order
    rows: list[dict]  # {"row": Row, "scores": [Decimal], "average": Decimal}
    totals: list[Decimal]
    rule_label: str
    counted: list[Decimal]
    dropped: list[Decimal]
    total: Decimal
    passed: bool
    band: str
    pass_mark: Decimal | None
    result: ScoringResult | None  # the confirmed result; None while it is only computed
    comments: list[dict] = field(default_factory=list)  # {"expert", "code", "name", "comment"}


def item_or_404(ref) -> Item:
    item = Item.objects.filter(pk=getattr(ref, "pk", ref)).select_related("organisation", "owner_department").first()
    if item is None:
        raise NotFound(_("未找到该事项。"))
    return item


def rubric_of_item(item):
    """The rubric the item is scored by: its sheets' (one per item), else its scoring step's."""
    first = ScoreSheet.objects.filter(item=item).select_related("rubric").first()
    if first is not None:
        return first.rubric
    task = scoring_task(item)
    if task is None:
        raise InvalidState(_("该事项当前不在专家评分环节。"))
    return task.flow_task.rubric_of(item.as_kind())


def rubric_rows(rubric, lines=None) -> list[Row]:
    """The rubric's indicators depth first (as `rubric_tree`), with the sheet's lines {code: line}."""
    lines = lines or {}
    return [Row(code=row.code, name=row.name, guidance=row.guidance, max_score=row.max_score, weight=row.weight,
                depth=depth, leaf=leaf, score=line.score if line else None, comment=line.comment if line else "")
            for row, depth, leaf, _first, _last in depth_first(Indicator.objects.filter(rubric=rubric)
                                                                .order_by("order", "id"))
            for line in [lines.get(row.code)]]


def sheet_view(user, ref) -> SheetView:
    """`user`'s own sheet of the item (NotFound if not on its panel, NotAllowed if excluded)."""
    item = item_or_404(ref)
    seat = rules.scoring_seat(user, item)
    sheet = ScoreSheet.objects.filter(item=item, seat=seat).select_related("rubric").first()
    rubric = sheet.rubric if sheet else rubric_of_item(item)
    lines = {line.code: line for line in sheet.lines.all()} if sheet else {}
    return SheetView(item=item, seat=seat, rubric=rubric, sheet=sheet, rows=rubric_rows(rubric, lines))


def overview(user, ref) -> Overview:
    """The panel's sheets for the chair, the other scorers and the department (anyone else: NotFound)."""
    item = item_or_404(ref)
    states = rules.sheet_states(user, item)
    chair = panels.chair(panels.current_panel(item))
    return Overview(item=item, states=states, sheets=rules.visible_sheets(user, item),
                    all_submitted=rules.all_submitted(item),
                    is_chair=chair is not None and chair.expert.user_id == user.pk,
                    is_staff=rules.is_department_staff(user, item), result=latest_result(item),
                    at_step=scoring_task(item) is not None)


def latest_result(item) -> ScoringResult | None:
    return ScoringResult.objects.filter(item=item).select_related("closed_by").order_by("-closed_at").first()


def result_table(user, ref) -> ResultTable:
    """The department's result of the item: the confirmed one, or while every sheet is in and the
    department has not confirmed yet, the same computation shown before it is confirmed."""
    item = item_or_404(ref)
    if not rules.is_department_staff(user, item):
        raise NotFound(_("未找到该事项，或您无权查看评分结果。"))
    result = latest_result(item)
    if result is not None:
        ids = [entry["sheet"] for entry in result.computation.get("sheets", ())]
        sheets = list(ScoreSheet.objects.filter(pk__in=ids).select_related("expert__user", "seat")
                      .prefetch_related("lines").order_by("seat__position"))
        rubric = result.rubric
    else:
        sheets, rubric = complete_sheets(user, item, refusal=_("还有专家未提交评分表，暂无评分结果。"))
    tree, values, outcome = outcome_of(sheets, rubric, key=item.pk)
    computed = outcome.computation
    rows = rubric_rows(rubric)
    table = [{"row": row, "scores": [sheet.get(row.code) for sheet in values] if row.leaf else
              [_group_score(tree, row.code, sheet) for sheet in values],
              "average": outcome.indicator_scores[row.code]} for row in rows]
    comments = [{"expert": sheet.expert.user.full_name, "code": line.code, "comment": line.comment}
                for sheet in sheets for line in sheet.lines.all() if line.comment]
    return ResultTable(
        item=item, rubric=rubric, experts=[sheet.expert.user.full_name for sheet in sheets], rows=table,
        totals=[sheet.total for sheet in sheets], rule_label=str(ResultRule(computed.rule).label),
        counted=list(computed.counted), dropped=list(computed.dropped),
        total=result.total if result else computed.result,
        passed=result.passed if result else outcome.verdict.passed,
        band=result.band if result else outcome.verdict.band, pass_mark=tree.pass_mark, result=result,
        comments=comments)


def complete_sheets(user, item, *, refusal):
    """Every sheet of the item, all submitted, and their rubric; InvalidState(refusal) while one is missing."""
    if not rules.all_submitted(item):
        raise InvalidState(refusal)
    sheets = rules.visible_sheets(user, item)
    return sheets, sheets[0].rubric


def outcome_of(sheets, rubric, *, key):
    """The rubric's tree, each sheet's {code: score} and the item's result computed from them."""
    tree = rubric_tree(rubric)
    values = [{line.code: line.score for line in sheet.lines.all()} for sheet in sheets]
    return tree, values, results.score_item(tree, values, key=key)


def _group_score(tree, code, values) -> Decimal:
    """A group's score on one sheet: its children's scores times their weights."""
    children = tree.children(code)
    if not children:
        return values.get(code)
    return results.rounded(sum((_group_score(tree, child.code, values) * child.weight for child in children),
                               Decimal(0)))
