"""The checks the case's services share: which step a task is at, scores on the plan's indicators."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from workflows.engine.envelope import pk_of
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.inspection.selectors import plan_indicators


def task_at(task, step, message: str) -> Task:
    """The task, refused (409, `message`) unless it is the open task of the case flow's `step`."""
    found = Task.objects.filter(pk=pk_of(task)).first()
    if found is None:
        raise NotFound()
    if found.flow_task != step:
        raise InvalidState(message)
    return found


def indicator_of(case, code: str):
    indicators = plan_indicators(case)
    if code not in indicators:
        raise ValidationError({"indicator": ValidationError(
            _("指标“%(code)s”不在本督导计划的指标中。") % {"code": code}, code="unknown_indicator")})
    return indicators[code]


def score_on(indicator, value, *, field: str = "score") -> Decimal:
    try:
        score = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        score = None
    if score is None or not score.is_finite() or not 0 <= score <= indicator.max_score:
        raise ValidationError({field: ValidationError(
            _("“%(indicator)s”的得分须在0至%(max)s之间。") % {"indicator": indicator, "max": indicator.max_score},
            code="out_of_range")})
    return score
