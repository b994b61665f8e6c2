"""{% inspection_case item %}: the item page's 督导 card: the plan, the rating, the 意见书 and the
acts the reader may take now (rules.offered_acts)."""

from django import template

from workflows.inspection import rules
from workflows.inspection.case_models import CaseDetails
from workflows.inspection.web.acts import ACTS

register = template.Library()


@register.inclusion_tag("inspection/_case.html", takes_context=True)
def inspection_case(context, item):
    user = context["request"].user
    details = CaseDetails.objects.select_related("plan", "opinion").filter(item_id=item.pk).first()
    return {"item": item, "details": details,
            "acts": [(act, ACTS[act].title) for act in rules.offered_acts(user, item)] if details else []}
