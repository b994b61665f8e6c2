"""Reading the inspection kind's records: a case's plan settings, the plan page's rows."""

from workflows.inspection.plan_models import PlanDetails


def timeout_action_of(case) -> str:
    """The 逾期处理方式 of the plan that dispatched `case` (one query)."""
    return (PlanDetails.objects.filter(item__inspection_cases__item_id=case.pk)
            .values_list("timeout_action", flat=True).first() or "")
