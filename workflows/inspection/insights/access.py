"""Who may read a plan's insights, in one place: the owning 督导室's staff (any current role there)
and administrators see every target; a target district's staff see their own row only; anyone
else gets 404 (as if the plan did not exist)."""

from workflows.engine.exceptions import NotFound
from workflows.inspection.case_models import CaseDetails

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
