"""A rubric's computations: pure functions over `shapes.RubricTree`, no database. The contract a
scoring step calls (with `rubric_tree(rubric)` from `rubrics.tree`):

    validate_values(tree, values) -> {code: Decimal}     one expert's sheet, checked
    sheet_total(tree, values) -> Decimal                 its weighted total
    panel_result(totals, rule) -> Computation            the panel's result from the experts' totals
    verdict(tree, result) -> Verdict                     against the pass mark and into the bands
    indicator_scores(tree, sheets) -> {code: Decimal}    per-indicator panel averages
    score_item(tree, sheets, key=...) -> ItemResult      all of the above for one item
    rank(results, tie_breaks) -> [Ranked]                items in order, with declared tie-breaks

A score sheet (`values`) is a mapping {indicator code: score}; a score is an int, a Decimal or a
numeric string (a float is read through its repr), at most two decimal places. Every computed
number is a Decimal rounded half up to two places. Bad input raises a django ValidationError with
Chinese messages keyed by indicator code (`error.message_dict`), the API's 400.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workflows.engine.rubrics.shapes import (
    BY_INDICATOR,
    BY_SPREAD,

    RULES,
    TRIM_FROM,
    TRIMMED_MEAN,
    Computation,
    ItemResult,
    RubricTree,
    Verdict,
)

CENT = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def validate_values(tree: RubricTree, values: Mapping) -> dict[str, Decimal]:
    """One expert's sheet checked against the rubric: every leaf indicator scored, each score a
    number within 0..its max with at most two decimals, nothing on a group or outside the rubric.
    Returns {leaf code: Decimal} in the tree's order; raises ValidationError naming every fault."""
    specs = tree.by_code()
    leaves = {spec.code: spec for spec in tree.leaves}
    errors, clean = {}, {}
    for code in values:
        if code not in specs:
            errors[str(code)] = ValidationError(_("“%(code)s”不是本评分指标中的指标。"), code="score_unknown_indicator",
                                                params={"code": code})
        elif code not in leaves:
            errors[code] = ValidationError(_("“%(name)s”是指标分组，请为其下的各项指标打分。"),
                                           code="score_on_group", params={"name": specs[code].name})
    for code, spec in leaves.items():
        if values.get(code) in (None, ""):
            errors[code] = ValidationError(_("请为“%(name)s”打分。"), code="score_missing", params={"name": spec.name})
            continue
        score = number_or_none(values[code])
        params = {"name": spec.name, "max": plain(spec.max_score), "score": values[code]}
        if score is None:
            errors[code] = ValidationError(_("“%(name)s”的得分必须是数字。"), code="score_not_number", params=params)
        elif score < 0 or score > spec.max_score:
            errors[code] = ValidationError(_("“%(name)s”的得分必须在0至%(max)s分之间，填写的是%(score)s。"),
                                           code="score_out_of_range", params=params)
        elif score != score.quantize(CENT):
            errors[code] = ValidationError(_("“%(name)s”的得分最多保留两位小数。"), code="score_precision", params=params)
        else:
            clean[code] = score
    if errors:
        raise ValidationError(errors)
    return clean


def sheet_total(tree: RubricTree, values: Mapping) -> Decimal:
    """The sheet's weighted total: each leaf's score times its weight and its ancestors' weights
    (all 1: the plain sum). Validates the sheet first."""
    clean = validate_values(tree, values)
    return rounded(sum((score * tree.effective_weight(code) for code, score in clean.items()), Decimal(0)))


def panel_result(totals: Sequence, rule: str) -> Computation:
    """The panel's result from its experts' totals. `trimmed_mean`: with 5 or more totals, one
    highest and one lowest are dropped and the rest averaged; with fewer, all are averaged.
    `mean`: all are averaged."""
    if rule not in RULES:
        raise ValidationError(_("未知的计分规则“%(rule)s”。"), code="rule_unknown", params={"rule": rule})
    totals = tuple(_required_number(total) for total in totals)
    if not totals:
        raise ValidationError(_("还没有专家提交评分，无法计算结果。"), code="no_scores")
    ordered = sorted(totals)
    dropped = ()
    if rule == TRIMMED_MEAN and len(ordered) >= TRIM_FROM:
        dropped = (ordered[-1], ordered[0])
        ordered = ordered[1:-1]
    counted = tuple(ordered)
    return Computation(rule=rule, totals=totals, counted=counted, dropped=dropped,
                       result=rounded(sum(counted, Decimal(0)) / len(counted)))


def verdict(tree: RubricTree, result) -> Verdict:
    """Where a panel result stands. `band`: the label of the band it falls in (`band_of`), "" when
    none or the rubric has no bands. `passed`: result >= the pass mark; with no pass mark,
    whether a band is reached; with neither, True."""
    result = _required_number(result)
    band = band_of(tree.bands, result)
    if tree.pass_mark is not None:
        return Verdict(passed=result >= tree.pass_mark, band=band)
    return Verdict(passed=bool(band) if tree.bands else True, band=band)


def band_of(bands, result: Decimal) -> str:
    """The label of the band holding `result`, or "". A band holds min <= result <= max. Bands
    written in whole points (一星 550–649, 二星 650–749) leave no fraction out: a band whose max is
    at most one point below the next band's min, or has no max, reaches up to that min (649.5 is
    一星). A wider gap holds no band."""
    ordered = sorted(bands, key=lambda band: band.min_score)
    for band, above in zip(ordered, [*ordered[1:], None]):
        if result < band.min_score:
            continue
        top = band.max_score
        if above is not None and (top is None or above.min_score - top <= 1):
            if result < above.min_score:
                return band.label
        elif top is None or result <= top:
            return band.label
    return ""


def indicator_scores(tree: RubricTree, sheets: Sequence[Mapping]) -> dict[str, Decimal]:
    """Per indicator, the panel's average: for a leaf the mean of the experts' scores; for a group
    the weighted sum of its children's averages (child average x child weight). Every code of
    the tree, in its order. Validates each sheet."""
    if not sheets:
        raise ValidationError(_("还没有专家提交评分，无法计算结果。"), code="no_scores")
    clean = [validate_values(tree, sheet) for sheet in sheets]
    scores = {spec.code: sum((sheet[spec.code] for sheet in clean), Decimal(0)) / len(clean) for spec in tree.leaves}

    def score(spec):
        if spec.code not in scores:
            scores[spec.code] = sum((score(child) * child.weight for child in tree.children(spec.code)), Decimal(0))
        return scores[spec.code]

    return {spec.code: rounded(score(spec)) for spec in tree.indicators}


def score_item(tree: RubricTree, sheets: Sequence[Mapping], *, key=None) -> ItemResult:
    """One item's result from its panel's submitted sheets (one mapping per expert)."""
    computation = panel_result([sheet_total(tree, sheet) for sheet in sheets], tree.rule)
    return ItemResult(key=key, computation=computation, verdict=verdict(tree, computation.result),
                      indicator_scores=indicator_scores(tree, sheets))


@dataclass(frozen=True)
class Ranked:
    rank: int  # 1 for the first; items equal on the total and every tie-break share a rank
    result: ItemResult


def rank(results: Sequence[ItemResult], tie_breaks: Sequence[Mapping] = ()) -> list[Ranked]:
    """Items by their total, highest first; equal totals by the tie-breaks in the order declared
    ({"by": "indicator", "code": c}: higher average first; {"by": "spread"}: lower spread of the
    experts' totals first). Items still equal share a rank and the next rank skips (1, 1, 3)."""
    check_tie_breaks(tie_breaks, codes=None)

    def order(result):
        key = [-result.total]
        for tie in tie_breaks:
            key.append(-result.indicator_scores[tie["code"]] if tie["by"] == BY_INDICATOR else result.spread)
        return tuple(key)

    ranked, previous = [], None
    for position, result in enumerate(sorted(results, key=order), start=1):
        key = order(result)
        ranked.append(Ranked(rank=ranked[-1].rank if key == previous else position, result=result))
        previous = key
    return ranked


def check_tie_breaks(tie_breaks: Sequence[Mapping], *, codes) -> None:
    """Raise unless each tie-break is {"by": "indicator", "code": c} (c among `codes` unless it is
    None) or {"by": "spread"}."""
    for tie in tie_breaks:
        by = tie.get("by") if isinstance(tie, Mapping) else None
        if by == BY_SPREAD:
            continue
        if by != BY_INDICATOR:
            raise ValidationError(_("排名规则只能按某项指标得分或按专家评分差距。"), code="tie_break_unknown")
        if not str(tie.get("code") or "").strip():
            raise ValidationError(_("按指标得分排名时须写明指标编号。"), code="tie_break_code_missing")
        if codes is not None and tie.get("code") not in codes:
            raise ValidationError(_("排名规则中的指标“%(code)s”不在本评分指标中。"), code="tie_break_indicator",
                                  params={"code": tie.get("code")})


def check_bands(bands) -> None:
    """Raise unless every band has 0 <= min <= max, no two bands share a total and no two share
    a label. A band without a max is fine below another one (it reaches up to that one's min)."""
    ordered = sorted(bands, key=lambda band: band.min_score)
    for band in ordered:
        if band.min_score < 0 or (band.max_score is not None and band.max_score < band.min_score):
            raise ValidationError(_("等级“%(label)s”的分数范围无效：最低分不能为负，最高分不能低于最低分。"),
                                  code="band_invalid", params={"label": band.label})
    for lower, upper in zip(ordered, ordered[1:]):
        if lower.min_score == upper.min_score or (lower.max_score is not None and lower.max_score >= upper.min_score):
            raise ValidationError(_("等级“%(lower)s”与“%(upper)s”的分数范围重叠。"), code="band_overlap",
                                  params={"lower": lower.label, "upper": upper.label})
    labels = [band.label for band in ordered]
    if len(set(labels)) != len(labels):
        raise ValidationError(_("等级名称不能重复。"), code="band_duplicate")


def number_or_none(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip()) if isinstance(value, (str, int, float)) else value
    except InvalidOperation:
        return None
    if not isinstance(number, Decimal) or not number.is_finite():
        return None
    return number


def _required_number(value) -> Decimal:
    number = number_or_none(value)
    if number is None:
        raise ValidationError(_("“%(value)s”不是有效的分数。"), code="not_number", params={"value": value})
    return number


def plain(value: Decimal) -> str:
    """12.50 → 12.5, 10.00 → 10: a max as people write it."""
    text = format(value.normalize(), "f")
    return text
