"""Reading collections: a set's indicators and parameters as the pure computations take them, the
sections each target files, the returns as computation units, a district's results, and the hook
an inspection case uses to find its collection (`collection_for`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.orgs.models import SchoolType
from core.orgs.roles import OrgKind
from workflows.inspection.figures import balanced, preschool
from workflows.inspection.figures.indicators import IndicatorSpec
from workflows.inspection.figures.models import FigureCollection, FigureReturn, Method, Section

# Which sections a school files, by its type: a 九年一贯制 school files its 小学部 and 初中部 apart.
SCHOOL_SECTIONS = {
    SchoolType.PRIMARY: (Section.PRIMARY,),
    SchoolType.JUNIOR: (Section.JUNIOR,),
    SchoolType.NINE_YEAR: (Section.PRIMARY, Section.JUNIOR),
    SchoolType.SPECIAL: (Section.PRIMARY,),
}
# The school types a new 优质均衡 collection asks (special schools are left out by the set's rules anyway).
BALANCED_TYPES = (SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.NINE_YEAR)


def sections_for(figure_set, organisation) -> tuple:
    """The sections `organisation` files in a collection of `figure_set`."""
    if figure_set.method == Method.PRESCHOOL or organisation.kind == OrgKind.DISTRICT:
        return (Section.COUNTY,)
    return SCHOOL_SECTIONS.get(organisation.school_type, ())


def section_refusal(figure_set, organisation, section) -> str:
    """Why `organisation` cannot file `section` ("" when it can)."""
    allowed = sections_for(figure_set, organisation)
    if section in allowed:
        return ""
    return _("%(org)s应填报的学段为：%(sections)s。") % {
        "org": organisation.name, "sections": "、".join(str(Section(s).label) for s in allowed) or _("无")}


def specs(figure_set) -> list[IndicatorSpec]:
    return [IndicatorSpec(code=row.code, name=row.name, formula=row.formula, unit=row.unit, decimals=row.decimals,
                          comparison=row.comparison, thresholds={k: Decimal(str(v)) for k, v in row.thresholds.items()})
            for row in figure_set.indicators.all()]


def params(figure_set) -> balanced.Params:
    defaults = balanced.Params()
    return balanced.Params(
        weight=figure_set.weight_figure or defaults.weight,
        cv_limits={k: Decimal(str(v)) for k, v in (figure_set.cv_limits or {}).items()} or defaults.cv_limits,
        min_met=figure_set.min_met if figure_set.min_met is not None else defaults.min_met,
        near_ratio=figure_set.near_ratio if figure_set.near_ratio is not None else defaults.near_ratio,
        min_schools=figure_set.min_schools,
        exclusions=tuple(figure_set.exclusions or ()),
    )


def district_returns(collection, district):
    return (FigureReturn.objects.filter(target__collection=collection, target__district=district)
            .select_related("target__organisation").order_by("target__organisation__path", "section"))


def units(collection, district) -> list[balanced.Unit]:
    """The district's returns as computation units (one per school and section)."""
    return [balanced.Unit(code=row.target.organisation.code, name=row.target.organisation.name, section=row.section,
                          figures={k: Decimal(v) for k, v in row.values.items()},
                          school_type=row.target.organisation.school_type, teaching_point=row.target.teaching_point,
                          excluded_reason=row.target.excluded_reason)
            for row in district_returns(collection, district)]


@dataclass(frozen=True)
class Progress:
    expected: int  # returns the district's targets owe (one per target and section)
    filed: int
    missing: list  # (target, section) not yet filed


def progress(collection, district) -> Progress:
    targets = list(collection.targets.filter(district=district).select_related("organisation")
                   .order_by("organisation__path"))
    filed = set(FigureReturn.objects.filter(target__in=targets).values_list("target_id", "section"))
    owed = [(t, s) for t in targets for s in sections_for(collection.figure_set, t.organisation)]
    return Progress(len(owed), sum(1 for t, s in owed if (t.pk, s) in filed),
                    [(t, s) for t, s in owed if (t.pk, s) not in filed])


def balanced_result(collection, district) -> balanced.CountyResult:
    figure_set = collection.figure_set
    return balanced.county_result(units(collection, district), specs(figure_set), params(figure_set))


def preschool_result(collection, district) -> preschool.PreschoolResult | None:
    """The county's result from the district's own return; None until it is filed."""
    row = district_returns(collection, district).filter(target__organisation=district).first()
    if row is None:
        return None
    return preschool.preschool_result({k: Decimal(v) for k, v in row.values.items()}, specs(collection.figure_set))


def collection_for(*, figure_set_code: str, year: int, plan_ref: str = "") -> FigureCollection | None:
    """The hook for the inspection case flow: the collection of this set and year (and plan, where
    the plan named one), the newest if several; None if there is none."""
    rows = FigureCollection.objects.filter(figure_set__code=figure_set_code, year=year)
    if plan_ref:
        rows = rows.filter(plan_ref=plan_ref)
    return rows.order_by("-pk").first()
