"""What both computations share: an indicator as plain data, its value for one set of figures and
whether that value meets the section's threshold. Pure functions, no database."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from workflows.inspection.figures.formulas import NotComputable, evaluate

AT_LEAST, AT_MOST = "gte", "lte"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    formula: str
    thresholds: dict  # {section: Decimal}
    unit: str = ""
    decimals: int = 2
    comparison: str = AT_LEAST


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator's value for one school (or county): `value` None where it cannot be computed
    (`note` says why); `ratio` how far it is towards the threshold (1 = exactly at it)."""

    spec: IndicatorSpec
    threshold: Decimal
    value: Decimal | None
    met: bool
    ratio: Decimal | None
    note: str = field(default="")

    @property
    def shown(self) -> str:
        return show(self.value, self.spec.decimals)

    @property
    def gap(self) -> Decimal | None:
        """How far short of the threshold (positive), None where met or not computable."""
        if self.value is None or self.met:
            return None
        return self.threshold - self.value if self.spec.comparison == AT_LEAST else self.value - self.threshold


def show(value: Decimal | None, decimals: int = 2) -> str:
    """A value as pages and messages show it: rounded half up to `decimals` places ("—" for none)."""
    if value is None:
        return "—"
    return str(Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def percent(ratio: Decimal | None) -> str:
    return "—" if ratio is None else show(ratio * 100, 1) + "%"


def indicator_value(spec: IndicatorSpec, section: str, figures: dict) -> IndicatorValue:
    """The indicator for these figures, compared with its threshold for `section` exactly (the
    rounding is only for showing: 4.199… does not meet 4.2)."""
    threshold = Decimal(spec.thresholds[section])
    try:
        value = evaluate(spec.formula, figures)
    except NotComputable as exc:
        return IndicatorValue(spec, threshold, None, False, None, _("无法计算：%(why)s") % {"why": exc})
    if spec.comparison == AT_LEAST:
        met = value >= threshold
        ratio = value / threshold if threshold else None
    else:
        met = value <= threshold
        ratio = threshold / value if value else None
    return IndicatorValue(spec, threshold, value, met, ratio)


def describe(item: IndicatorValue) -> str:
    """One indicator's verdict in words: its value against the standard and, short of it, by how much."""
    spec = item.spec
    words = {"name": spec.name, "value": item.shown, "unit": spec.unit,
             "threshold": show(item.threshold, spec.decimals), "relation": _("不低于") if spec.comparison == AT_LEAST
             else _("不高于")}
    if item.value is None:
        return _("“%(name)s”%(note)s。") % {"name": spec.name, "note": item.note}
    if item.met:
        return _("“%(name)s”为%(value)s%(unit)s，达到标准（%(relation)s%(threshold)s%(unit)s）。") % words
    words["gap"] = show(item.gap, spec.decimals)
    if spec.comparison != AT_LEAST:  # over a ceiling: "how much of the standard" means nothing
        return _("“%(name)s”为%(value)s%(unit)s，未达到标准（%(relation)s%(threshold)s%(unit)s），超出%(gap)s%(unit)s。") % words
    return _("“%(name)s”为%(value)s%(unit)s，未达到标准（%(relation)s%(threshold)s%(unit)s），"
             "差%(gap)s%(unit)s，为标准的%(percent)s。") % {**words, "percent": percent(item.ratio)}
