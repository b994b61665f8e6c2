"""The insights of one plan as the page and the API show them, cut to the reader's scope."""

from django.utils.translation import gettext as _

from workflows.inspection.insights.access import ALL, history_target
from workflows.inspection.insights.selectors import plan_alerts, plan_scores, target_history


def plan_insights(plan, scope, *, district=None, now=None) -> dict:
    rows = plan_scores(plan, only_target=None if scope is ALL else scope)
    codes = sorted({code for row in rows for code in row.scores})
    alerts = [a for a in plan_alerts(plan, now=now) if scope is ALL or a.target.pk == scope.pk]
    target = history_target(scope, plan, district)
    return {"rows": rows, "codes": codes, "alerts": alerts, "history_target": target,
            "history": target_history(plan, target) if target else []}


def overall_chart(rows) -> dict:
    """The overall scores as static/js/figures_charts.js draws them (one bar panel), best first."""
    scored = [row for row in rows if row.overall is not None]
    return {"sections": [{"title": _("各督导对象总分"), "names": [row.target.name for row in scored],
                          "series": [{"name": _("总分"), "data": [str(row.overall) for row in scored]}]}]}
