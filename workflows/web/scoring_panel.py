"""The item page's 专家评分 card: only for a kind whose flow has a ScoringStep (no statement for
any other). While the item is scored, a scorer is led to their sheet and the chair and the
department to the panel's sheets; once a result is confirmed, the department to the result."""

from dataclasses import dataclass

from workflows.engine.experts import selectors as panels
from workflows.engine.scoring import rules
from workflows.engine.scoring.models import ScoringResult
from workflows.engine.scoring.step import ScoringStep


@dataclass
class ScoringPanel:
    at_step: bool
    scorer: bool
    staff: bool
    result: ScoringResult | None


def scoring_panel(flow_class, open_tasks, item, user) -> ScoringPanel | None:
    if flow_class is None or not any(isinstance(node, ScoringStep) for node in flow_class.instance.nodes()):
        return None
    at_step = any(isinstance(task.flow_task, ScoringStep) for task in open_tasks)
    staff = rules.is_department_staff(user, item)
    scorer = at_step and panels.may_score(user, item)
    result = ScoringResult.objects.filter(item=item).order_by("-closed_at").first() if staff else None
    if not (scorer or staff) or not (at_step or result):
        return None
    return ScoringPanel(at_step=at_step, scorer=scorer, staff=staff, result=result)
