"""Who may read a plan's insights, in one place: the owning 督导室's staff (any current role there)
and administrators see every target; a target district's staff see their own row only; anyone
else gets 404 (as if the plan did not exist)."""

from workflows.engine.exceptions import NotFound
from workflows.engine.models import Item
from workflows.inspection.case_models import CaseDetails
from workflows.inspection.plan_models import InspectionPlan

ALL = None


def insight_scope(user, plan):
    """ALL for the 督导室 and administrators, else the user's target organisation on the plan."""
    if not user.is_authenticated:
        raise NotFound()
    if user.is_superuser or user.active_grants().filter(organisation_id=plan.owner_department_id).exists():
        return ALL
    own = (CaseDetails.objects.filter(plan_id=plan.pk,
                                      target__in=user.active_grants().values("organisation_id"))
           .select_related("target").first())
    if own is None:
        raise NotFound()
    return own.target


def plan_for_insights(user, pk):
    """(plan, scope) for the page and the API; 404 for a missing plan and an outsider alike."""
    plan = Item.objects.filter(pk=pk, kind=InspectionPlan.KIND).first()
    if plan is None:
        raise NotFound()
    return plan, insight_scope(user, plan)


def history_target(scope, plan, requested):
    """The target whose years to show: a district its own; the 督导室 the one asked for (a target of
    the plan, else 404), or none."""
    if scope is not ALL:
        return scope
    if not requested:
        return None
    found = CaseDetails.objects.filter(plan_id=plan.pk, target_id=requested).select_related("target").first() \
        if str(requested).isdigit() else None
    if found is None:
        raise NotFound()
    return found.target
