"""The plan's insights page (督导分析): rankings, alerts linking to each case, a target's years."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workflows.inspection.insights.access import plan_for_insights
from workflows.inspection.insights.reading import overall_chart, plan_insights


@login_required
def insights_page(request, pk):
    plan, scope = plan_for_insights(request.user, pk)
    data = plan_insights(plan, scope, district=request.GET.get("district", ""))
    return render(request, "inspection/insights.html", {"plan": plan, "scope": scope, "chart": overall_chart(data["rows"]),
                                                          **data})
