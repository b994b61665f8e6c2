"""县域学前教育普及普惠: the county's figures (filed by the district) against each indicator of the
set (毛入园率 ≥85%, 普惠性幼儿园覆盖率 ≥80%, 公办园在园幼儿占比 ≥50%, staffing, space, class
size: all data). Each indicator's verdict, and the county passes when every one is met. Pure."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from workflows.inspection.figures.indicators import describe, indicator_value

SECTION = "county"


@dataclass(frozen=True)
class PreschoolResult:
    values: list  # IndicatorValue, in the set's order
    passed: bool
    verdicts: list  # one sentence per indicator
    summary: str


def preschool_result(figures: dict, specs) -> PreschoolResult:
    values = [indicator_value(spec, SECTION, figures) for spec in specs]
    missed = [item for item in values if not item.met]
    if missed:
        summary = _("未达到县域学前教育普及普惠标准：%(n)s项指标未达标（%(names)s）。") % {
            "n": len(missed), "names": "、".join(item.spec.name for item in missed)}
    else:
        summary = _("%(n)s项指标全部达标，达到县域学前教育普及普惠标准。") % {"n": len(values)}
    return PreschoolResult(values, not missed, [describe(item) for item in values], summary)
