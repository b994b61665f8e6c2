"""Creating and dispatching an inspection plan (督导计划).

    create_plan(*, department, by, title, kind, rubric, targets, deadlines, timeout_action, ...)
    dispatch_plan(*, plan, by)

A plan is written whole or not at all: its targets (districts, or schools of chosen districts and
types: `plan_targets`), its stage deadlines (StepDeadlineRule rows owned by the plan: a number of
working days or a fixed date each, fixed dates in the stages' order) and its settings. Dispatching
freezes the indicator set (use_rubric) and submits the plan: its FanOut creates the cases in the
background (services.dispatch).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.orgs.models import Organisation, SchoolType
from core.orgs.roles import OrgKind
from workflows.engine import services as engine
from workflows.engine.deadlines.services import set_step_deadline
from workflows.engine.envelope import service
from workflows.engine.rubrics.models import Rubric
from workflows.engine.rubrics.services import use_rubric
from workflows.inspection import rules
from workflows.inspection.flows import InspectionFlow, PlanFlow
from workflows.inspection.plan_models import InspectionKind, InspectionPlan, PlanDetails, PlanTarget, TimeoutAction

# The case's stages with a deadline, in their order (a fixed date must come after the one before).
STAGES = ("self_assessment", "visit", "feedback", "opinion", "rectification_plan", "rectification_report",
          "review")


def plan_targets(*, districts=(), school_types=(), schools=False) -> list[Organisation]:
    """The targets a plan names: the `districts` themselves, or (`schools`) the active schools of
    those districts (every district when none is named) of `school_types` (every type when none)."""
    districts = list(districts)
    if any(getattr(d, "kind", None) != OrgKind.DISTRICT for d in districts):
        raise ValidationError({"targets": ValidationError(_("所选区县中有不是区县的单位。"), code="invalid")})
    if not schools:
        return districts
    unknown = set(school_types) - set(SchoolType.values)
    if unknown:
        raise ValidationError({"school_types": ValidationError(_("学校类型不正确：%(types)s。")
                                                               % {"types": "、".join(sorted(unknown))},
                                                               code="invalid")})
    found = Organisation.objects.filter(kind=OrgKind.SCHOOL, is_active=True)
    if districts:
        found = found.filter(parent__in=districts)
    if school_types:
        found = found.filter(school_type__in=school_types)
    return list(found.order_by("path"))


def _check_targets(targets) -> list[Organisation]:
    targets = list(targets)
    if not targets:
        raise ValidationError({"targets": ValidationError(_("请至少选择一个督导对象。"), code="no_targets")})
    if len({t.pk for t in targets}) != len(targets):
        raise ValidationError({"targets": ValidationError(_("督导对象不能重复。"), code="duplicate")})
    if any(t.kind not in (OrgKind.DISTRICT, OrgKind.SCHOOL) for t in targets):
        raise ValidationError({"targets": ValidationError(_("督导对象只能是区县或学校。"), code="invalid")})
    return targets


def _as_moment(value):
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        # A date means the end of that working day, as a working-day limit does.
        return timezone.make_aware(datetime(value.year, value.month, value.day, 17, 30))
    raise ValidationError({"deadlines": ValidationError(_("期限必须是日期。"), code="invalid")})


def check_deadlines(deadlines: dict) -> list[tuple[str, int | None, datetime | None]]:
    """[(stage, working days, fixed moment)] in the stages' order; refused with the stage's name
    when a stage is unknown, both or neither is given, or a fixed date is not after the one before."""
    unknown = set(deadlines) - set(STAGES)
    if unknown:
        raise ValidationError({"deadlines": ValidationError(_("没有这个督导环节：%(stages)s。")
                                                            % {"stages": "、".join(sorted(unknown))}, code="invalid")})
    checked, last = [], None
    for stage in STAGES:
        if stage not in deadlines:
            continue
        spec = deadlines[stage] or {}
        days, moment = spec.get("working_days"), spec.get("due_at")
        title = InspectionFlow.instance.node(stage).task_title
        if (days is None) == (moment is None):
            raise ValidationError({"deadlines": ValidationError(
                _("“%(stage)s”的期限请填写工作日数或指定日期，二者只能填一项。") % {"stage": title}, code="days_or_date")})
        if moment is not None:
            moment = _as_moment(moment)
            if moment <= timezone.now():
                raise ValidationError({"deadlines": ValidationError(
                    _("“%(stage)s”的期限必须晚于现在。") % {"stage": title}, code="past")})
            if last is not None and moment <= last[1]:
                raise ValidationError({"deadlines": ValidationError(
                    _("“%(stage)s”的期限必须晚于“%(before)s”的期限，各环节期限须按先后顺序。")
                    % {"stage": title, "before": last[0]}, code="order")})
            last = (title, moment)
        checked.append((stage, days, moment))
    return checked


@service
def create_plan(*, department, by, title: str, kind: str, rubric, targets, deadlines=None,
                timeout_action: str = TimeoutAction.ESCALATE, visit_from=None, visit_until=None,
                notice: str = "") -> InspectionPlan:
    """A draft plan of `department` (the 督导室), whole: its targets, settings and stage deadlines."""
    rules.check_planner(by, department)
    if kind not in InspectionKind.values:
        raise ValidationError({"kind": ValidationError(_("请选择督导类型。"), code="invalid")})
    if timeout_action not in TimeoutAction.values:
        raise ValidationError({"timeout_action": ValidationError(_("请选择自评逾期处理方式。"), code="invalid")})
    rubric = Rubric.objects.filter(pk=getattr(rubric, "pk", rubric), department=department).first()
    if rubric is None:
        raise ValidationError({"rubric": ValidationError(_("请选择本处室的督导指标。"), code="invalid")})
    if visit_from and visit_until and visit_until < visit_from:
        raise ValidationError({"visit_until": ValidationError(_("进校督导结束日期不能早于开始日期。"), code="order")})
    targets = _check_targets(targets)
    stages = check_deadlines(deadlines or {})
    plan = engine.create_item(flow_class=PlanFlow, organisation=department, owner_department=department, by=by,
                              title=title)
    PlanDetails.objects.create(item=plan, kind=kind, rubric=rubric, timeout_action=timeout_action,
                               visit_from=visit_from, visit_until=visit_until, notice=(notice or "").strip())
    PlanTarget.objects.bulk_create([PlanTarget(plan=plan, organisation=t, position=n)
                                    for n, t in enumerate(targets, 1)])
    for stage, days, moment in stages:
        set_step_deadline(owner=plan, flow_class=InspectionFlow, step=stage, by=by, working_days=days, due_at=moment)
    return plan.as_kind()


@service
def dispatch_plan(*, plan, by):
    """下发: freeze the indicator set and send the plan out. The cases are created by a background
    job once this commits (PlanFlow.dispatch is a background FanOut); `dispatch.progress` tells
    how far it has come."""
    details = PlanDetails.objects.select_related("item").get(item_id=getattr(plan, "pk", plan))
    rules.check_planner(by, details.item.owner_department)
    use_rubric(rubric=details.rubric, by=by, user=details.item.title)
    details.dispatched_at = timezone.now()
    details.save(update_fields=["dispatched_at"])
    return engine.submit_item(item=details.item, by=by, flow_class=PlanFlow)
