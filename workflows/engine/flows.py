"""The base every kind's flow extends: our lock, the item model, and where withdrawal leads."""

from django.apps import apps
from viewflow.workflow.base import Flow

from workflows.engine.locking import nowait_lock
from workflows.engine.models import BaseStatus
from workflows.engine.nodes import Resubmit, Step, Submit
from workflows.engine.transitions import declare_flow


class BaseFlow(Flow):
    """Routing only: who acts, in what order, where a step may return to. The rules (scope,
    permission, preconditions, status, audit, notifications) are in workflows.engine.services.

    Subclasses set `item_model` (the kind's Item proxy) and declare a Submit start, Steps, at most
    one Resubmit and Finish ends. Defining the class declares its status changes as the model's
    FSM transitions (workflows.engine.transitions).
    """

    # One NOWAIT attempt, mapped to Busy (409); never viewflow's five sleeping retries.
    lock_impl = nowait_lock
    item_model = None
    # The item status after the submitter withdraws (撤回).
    withdrawn_status = BaseStatus.WITHDRAWN
    # Steps a process may pass over when its data says so (a renewal's terms skip them: data):
    # their names. Each adds the status changes past it (transitions.flow_changes).
    skippable: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        # viewflow names a flow by the first paragraph of its docstring (its description by the
        # rest) only while the class has none, and this class's own docstring gave every subclass
        # one ("Routing only: ..."): let each flow be named by its own docstring.
        for name in ("process_title", "process_description"):
            if name not in cls.__dict__:
                setattr(cls, name, "")
        super().__init_subclass__(**kwargs)  # viewflow collects and links the nodes here
        # Only flows of installed apps declare: a test may define a broken flow on a shared kind
        # on purpose, and it must not widen that kind's changes for every other test.
        if cls.item_model is not None and is_installed(cls):
            declare_flow(cls)

    @classmethod
    def submit_node(cls) -> Submit:
        return next(node for node in cls.instance.nodes() if isinstance(node, Submit))

    @classmethod
    def steps(cls) -> list[Step]:
        return [node for node in cls.instance.nodes() if isinstance(node, Step)]

    @classmethod
    def withdrawable(cls, node) -> bool:
        """Reviewer steps can be withdrawn from (while no decision is recorded); the submitter's
        own revision step cannot."""
        return isinstance(node, Step) and not isinstance(node, Resubmit)


def is_installed(flow_class) -> bool:
    """Whether `flow_class` belongs to an installed app (not a flow a test module defines)."""
    return apps.get_containing_app_config(flow_class.__module__) is not None


def installed_flows():
    """Every flow class of an installed app, for the checks."""
    def below(cls):
        for subclass in cls.__subclasses__():
            yield subclass
            yield from below(subclass)

    return [flow for flow in below(BaseFlow) if is_installed(flow)]
