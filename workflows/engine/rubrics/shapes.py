"""The data a rubric's computations take: plain frozen values, no database.

`RubricTree` is a rubric as the pure functions in `results.py` read it. `rubrics.tree.rubric_tree`
builds it from the models; a scoring step builds it once per item and passes it with the score
sheets. Indicators are keyed by their `code` (unique in a rubric, kept by a copy), so a score sheet
is a plain `{code: score}` mapping and a tie-break names an indicator by its code.
"""

from dataclasses import dataclass, field
from decimal import Decimal

TRIMMED_MEAN = "trimmed_mean"  # drop one highest and one lowest total when n >= 5, else the mean
MEAN = "mean"
RULES = (TRIMMED_MEAN, MEAN)
TRIM_FROM = 5  # the smallest panel whose extremes are dropped

# Tie-breaks, in the order declared: {"by": "indicator", "code": "A1"} (the higher panel average of
# that indicator ranks first), {"by": "spread"} (the lower spread of the experts' totals ranks first).
BY_INDICATOR = "indicator"
BY_SPREAD = "spread"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    max_score: Decimal
    weight: Decimal = Decimal(1)
    parent: str | None = None  # the parent's code; None at the top


@dataclass(frozen=True)
class Band:
    """A grade band (五星 …): totals from `min_score` (inclusive) up to `max_score` (inclusive;
    None: no upper bound)."""

    label: str
    min_score: Decimal
    max_score: Decimal | None = None


@dataclass(frozen=True)
class RubricTree:
    indicators: tuple[IndicatorSpec, ...]
    rule: str = TRIMMED_MEAN
    pass_mark: Decimal | None = None
    bands: tuple[Band, ...] = ()
    tie_breaks: tuple[dict, ...] = ()
    name: str = ""

    def children(self, code: str | None) -> list[IndicatorSpec]:
        return [spec for spec in self.indicators if spec.parent == code]

    @property
    def leaves(self) -> list[IndicatorSpec]:
        """The indicators an expert scores: those with no children, in the tree's order."""
        parents = {spec.parent for spec in self.indicators}
        return [spec for spec in self.indicators if spec.code not in parents]

    def by_code(self) -> dict[str, IndicatorSpec]:
        return {spec.code: spec for spec in self.indicators}

    def effective_weight(self, code: str) -> Decimal:
        """A leaf's weight times its ancestors' weights: what one point on it adds to the total."""
        specs = self.by_code()
        weight, spec = Decimal(1), specs[code]
        while spec is not None:
            weight *= spec.weight
            spec = specs.get(spec.parent) if spec.parent else None
        return weight


@dataclass(frozen=True)
class Computation:
    """How a panel's result came out of its experts' totals (shown, exported, printed)."""

    rule: str
    totals: tuple[Decimal, ...]  # every expert's total, in the order given
    counted: tuple[Decimal, ...]  # the totals the mean was taken over
    dropped: tuple[Decimal, ...]  # (highest, lowest) when trimmed, else ()
    result: Decimal


@dataclass(frozen=True)
class Verdict:
    """`passed`: against the pass mark (or, with bands and no pass mark, whether any band is
    reached); `band`: the label of the band the result falls in, "" when none or no bands."""

    passed: bool
    band: str = ""


@dataclass(frozen=True)
class ItemResult:
    """One item's whole result: what `score_item` returns and `rank` orders. `key` is the
    caller's (an item id); the rest is computed."""

    key: object
    computation: Computation
    verdict: Verdict
    indicator_scores: dict = field(default_factory=dict)  # {code: panel average}

    @property
    def total(self) -> Decimal:
        return self.computation.result

    @property
    def spread(self) -> Decimal:
        totals = self.computation.totals
        return max(totals) - min(totals)
