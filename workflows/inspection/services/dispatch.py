"""How far a plan's background dispatch has come (the cases' rows and notices: case_rows.py)."""

from viewflow.workflow.models import Task

from workflows.engine.fanout import background
from workflows.inspection.flows import PlanFlow


def dispatch_task(plan) -> Task | None:
    return Task.objects.filter(process__artifact_object_id=plan.pk, flow_task=PlanFlow.dispatch).select_related(
        "process").first()


def progress(plan) -> background.Progress | None:
    """How many of the plan's cases exist (None before it is dispatched)."""
    task = dispatch_task(plan)
    return background.progress_of(task) if task is not None else None
