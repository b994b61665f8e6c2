"""义务教育优质均衡 (教督〔2017〕6号), the computed part (资源配置): pure functions, no database.

Per school (or per part of a 一贯制 school: its 小学部 and 初中部 are two units, each counted in
its own section), the 7 indicators against the section's thresholds: the school meets the
standard when at least `min_met` (6) are met and each one missed is at no less than `near_ratio`
(85%) of its threshold.

Per indicator and section, the 校际差异系数 across the county's units, weighted by students:

    x̄ = Σ xᵢ·Pᵢ / Σ Pᵢ          (the county's total over its students)
    S  = √( Σ (Pᵢ/ΣP)·(xᵢ − x̄)² )
    CV = S / x̄                    ≤ 0.50 (小学), ≤ 0.45 (初中)

An unweighted standard deviation is a known mistake that flips verdicts: a big school far from a
small one weighs more. Fewer than `min_schools` (2) units in a section: no 差异系数, and the county
cannot be judged. Who is left out (special schools, 教学点 under 50 students) is data
(`Params.exclusions`), applied by `exclusion_reason` before anything is computed.
"""

from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from django.utils.translation import gettext as _

from workflows.inspection.figures.indicators import (
    IndicatorSpec,
    IndicatorValue,
    describe,
    indicator_value,
    percent,
    show,
)

SECTIONS = ("primary", "junior")


@dataclass(frozen=True)
class Unit:
    """One school in one section: its 学校标识码, name, section and figures ({code: Decimal})."""

    code: str
    name: str
    section: str
    figures: dict
    school_type: str = ""
    teaching_point: bool = False
    excluded_reason: str = ""  # a reason the 督导室 recorded for this one school


@dataclass(frozen=True)
class Params:
    weight: str = "students"
    cv_limits: dict = field(default_factory=lambda: {"primary": Decimal("0.50"), "junior": Decimal("0.45")})
    min_met: int = 6
    near_ratio: Decimal = Decimal("0.85")
    min_schools: int = 2
    exclusions: tuple = ()


@dataclass(frozen=True)
class SchoolResult:
    unit: Unit
    values: list  # IndicatorValue, in the set's order
    passed: bool
    verdict: str

    @property
    def met_count(self) -> int:
        return sum(1 for item in self.values if item.met)


@dataclass(frozen=True)
class Dispersion:
    """One indicator's 差异系数 in one section. `cv` None when it is not computed (`note` says why)."""

    spec: IndicatorSpec
    section: str
    schools: int
    students: Decimal
    mean: Decimal | None
    deviation: Decimal | None
    cv: Decimal | None
    limit: Decimal
    passed: bool
    note: str = ""


@dataclass(frozen=True)
class CountyResult:
    schools: list  # SchoolResult of the units taking part
    left_out: list  # (Unit, reason)
    dispersions: list  # Dispersion, per indicator and section
    passed: bool
    reasons: list  # why the county does not pass, in words


def exclusion_reason(unit: Unit, params: Params) -> str:
    """Why `unit` is left out of the computation ("" if it takes part): its own recorded reason,
    or the first exclusion rule it matches (all of a rule's conditions must hold)."""
    if unit.excluded_reason:
        return unit.excluded_reason
    students = unit.figures.get(params.weight)
    for rule in params.exclusions:
        if "school_types" in rule and unit.school_type not in rule["school_types"]:
            continue
        if "teaching_point" in rule and bool(rule["teaching_point"]) != unit.teaching_point:
            continue
        if "students_below" in rule and (students is None or Decimal(students) >= Decimal(str(rule["students_below"]))):
            continue
        return rule.get("reason") or _("按规则不参与计算")
    return ""


def school_result(unit: Unit, specs, params: Params) -> SchoolResult:
    """The unit's indicators and whether it meets the standard, saying which fall short and by how much."""
    values = [indicator_value(spec, unit.section, unit.figures) for spec in specs]
    missed = [item for item in values if not item.met]
    met = len(values) - len(missed)
    near = [item for item in missed if item.ratio is not None and item.ratio >= params.near_ratio]
    passed = met >= params.min_met and len(near) == len(missed)
    return SchoolResult(unit, values, passed, _verdict(values, missed, met, passed, params))


def _verdict(values, missed, met, passed, params) -> str:
    words = {"total": len(values), "met": met, "min": params.min_met, "near": percent(params.near_ratio)}
    if not missed:
        return _("%(total)s项指标全部达标。") % words
    head = (_("达标：%(met)s项达标，") if passed else _("未达标：%(met)s项达标（须至少%(min)s项达标，其余不低于标准的%(near)s），")) % words
    return head + "".join(describe(item) for item in missed)


def weighted_dispersion(pairs) -> tuple:
    """(x̄, S, CV) of the values `pairs` [(xᵢ, Pᵢ)] weighted by Pᵢ; CV is None when x̄ is 0."""
    with localcontext() as context:
        context.prec = 34
        total = sum((Decimal(p) for _x, p in pairs), Decimal(0))
        mean = sum((Decimal(x) * Decimal(p) for x, p in pairs), Decimal(0)) / total
        variance = sum((Decimal(p) / total * (Decimal(x) - mean) ** 2 for x, p in pairs), Decimal(0))
        deviation = variance.sqrt()
        return mean, deviation, (deviation / mean if mean else None)


def dispersion(spec: IndicatorSpec, section: str, results, params: Params) -> Dispersion:
    """The student-weighted 差异系数 of one indicator across `results` (one section's units)."""
    limit = Decimal(params.cv_limits[section])
    students = sum((Decimal(r.unit.figures[params.weight]) for r in results), Decimal(0))
    base = {"spec": spec, "section": section, "schools": len(results), "students": students, "limit": limit}
    if len(results) < params.min_schools:
        return Dispersion(**base, mean=None, deviation=None, cv=None, passed=False,
                          note=_("参与计算的学校少于%(n)s所，不计算差异系数。") % {"n": params.min_schools})
    pairs = []
    for result in results:
        item = next(v for v in result.values if v.spec.code == spec.code)
        if item.value is None:
            return Dispersion(**base, mean=None, deviation=None, cv=None, passed=False,
                              note=_("%(school)s的该项指标无法计算。") % {"school": result.unit.name})
        pairs.append((item.value, result.unit.figures[params.weight]))
    mean, deviation, cv = weighted_dispersion(pairs)
    if cv is None:
        return Dispersion(**base, mean=mean, deviation=deviation, cv=None, passed=False,
                          note=_("全县平均值为0，差异系数无意义。"))
    return Dispersion(**base, mean=mean, deviation=deviation, cv=cv, passed=cv <= limit)


def county_result(units, specs, params: Params) -> CountyResult:
    """The county: each unit taking part judged, each indicator's 差异系数 per section, and the
    county's verdict with every reason it falls short."""
    left_out, results = [], []
    for unit in units:
        reason = exclusion_reason(unit, params)
        if reason:
            left_out.append((unit, reason))
        else:
            results.append(school_result(unit, specs, params))
    dispersions, reasons = [], []
    for section in SECTIONS:
        in_section = [r for r in results if r.unit.section == section]
        if not in_section:
            continue
        label = section_label(section)
        for spec in specs:
            item = dispersion(spec, section, in_section, params)
            dispersions.append(item)
            if not item.passed:
                reasons.append(_("%(section)s“%(name)s”的差异系数%(cv)s，%(why)s") % {
                    "section": label, "name": spec.name, "cv": show(item.cv, 3) if item.cv is not None else "",
                    "why": item.note or _("高于%(limit)s。") % {"limit": show(item.limit, 2)}})
    for result in results:
        if not result.passed:
            reasons.append(_("%(school)s（%(section)s）未达标。") % {
                "school": result.unit.name, "section": section_label(result.unit.section)})
    if not results:
        reasons.append(_("没有参与计算的学校。"))
    return CountyResult(results, left_out, dispersions, not reasons, reasons)


def section_label(section: str) -> str:
    return {"primary": _("小学"), "junior": _("初中")}.get(section, section)


__all__ = ["CountyResult", "Dispersion", "IndicatorValue", "Params", "SchoolResult", "Unit", "county_result",
           "dispersion", "exclusion_reason", "school_result", "weighted_dispersion"]
