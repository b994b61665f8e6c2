"""What the 名单 page and the API read: the list steps of the installed flows and, per step, the
items waiting there for the reader (their own 待办 and their queue, as 待办 reads them). Reads only;
signing a list is lists.step.act_on_list, whose rules decide (the reader's standing on every task,
one organisation, one campaign, the quota)."""

from workflows.engine.flows import installed_flows
from workflows.engine.lists.step import ListStep
from workflows.engine.reading.selectors import todo


def step_ref(step) -> str:
    """A step's name across flows: "module.Flow.step", as the API and the forms send it."""
    return f"{step.flow_class.__module__}.{step.flow_class.__name__}.{step.name}"


def list_steps() -> list[ListStep]:
    return [node for flow_class in installed_flows() for node in flow_class.instance.nodes()
            if isinstance(node, ListStep)]


def step_named(ref: str) -> ListStep | None:
    """The ListStep whose "module.Flow.step" is `ref`, or None."""
    return next((step for step in list_steps() if step_ref(step) == ref), None)


def waiting_for_lists(user) -> list[tuple[ListStep, list]]:
    """Per ListStep (in flow order), the 待办 entries of `user` waiting there; steps with none left out."""
    entries = [entry for entry in todo(user) if isinstance(entry.step, ListStep)]
    return [(step, found) for step in list_steps()
            if (found := [entry for entry in entries if entry.step == step])]
