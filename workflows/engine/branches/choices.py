"""What an act that passed a branch (`step.Optional`) lands on, and what it records of the choice."""

from core.audit.services import record_event
from workflows.engine.branches.step import CHOICES, Optional


def passed(destination, activation):
    """([(branch, taken)], landed): the branches the act passed from `destination` (their choices
    recorded on `activation` while it executed) and the node it really reached."""
    choices = getattr(activation, CHOICES, {})
    route = []
    while isinstance(destination, Optional) and destination.name in choices:
        taken = choices[destination.name]
        route.append((destination, taken))
        destination = destination.stage if taken else destination.otherwise
    return route, destination


def ways(destination) -> list:
    """Every node `destination` may land on: itself, or each way through the branches it starts
    (a submission checks, before it runs, that the item may move to one of them)."""
    if not isinstance(destination, Optional):
        return [destination]
    return [*ways(destination.stage), *ways(destination.otherwise)]


def landing(destination, activation):
    """The node the act really reached: `destination` itself, or the stage or the way past it."""
    return passed(destination, activation)[1]


def record_choices(item, destination, activation, *, by, organisation) -> None:
    """One audit event per branch the act passed: the optional stage taken (`stage_included`) or
    skipped (`stage_skipped`), with the condition that decided it, for the item's timeline."""
    for branch, taken in passed(destination, activation)[0]:
        record_event(
            action="stage_included" if taken else "stage_skipped", target=item, actor=by, organisation=organisation,
            from_status=item.status, to_status=item.status,
            data={"step": branch.stage.name, "branch": branch.name, "reason": str(branch.task_title)},
        )
