"""System checks: every status change a flow can make is a declared FSM transition of its kind,
and every step's decisions lead somewhere. A flow that fails these would fail at run time."""

from django.core.checks import Error, register

from workflows.engine.nodes import Finish, Resubmit, Step


def _all_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _all_subclasses(subclass)


def flow_errors(flow_class) -> list[str]:
    from workflows.engine.transitions import find_transition

    model = flow_class.item_model
    errors = []
    if model is None:  # an abstract intermediate flow
        return []

    def need(source, target, why):
        if find_transition(model, source, target) is None:
            errors.append(
                f"{flow_class.__name__}: no transition of {model.__name__} from '{source}' to '{target}' ({why})"
            )

    start = flow_class.submit_node()
    need(model.Status.DRAFT, start._next.item_status, "submit")
    for step in flow_class.steps():
        if isinstance(step, Resubmit):
            returners = step.returners()
            if not returners:
                errors.append(f"{flow_class.__name__}.{step.name}: no step returns to it")
            for target in returners:
                need(step.item_status, target.item_status, f"{step.name} resubmits to {target.name}")
            continue
        if step.approves_to is None:
            errors.append(f"{flow_class.__name__}.{step.name}: no Approve() target")
        else:
            need(step.item_status, step.approves_to.item_status, f"{step.name} approves")
        for target in step.returns:
            if not isinstance(target, Step):
                errors.append(f"{flow_class.__name__}.{step.name}: may only return to a step, not {target.name}")
                continue
            need(step.item_status, target.item_status, f"{step.name} returns to {target.name}")
        if step.rejects_to is not None:
            if not isinstance(step.rejects_to, Finish):
                errors.append(f"{flow_class.__name__}.{step.name}: Reject() must lead to a Finish")
            else:
                need(step.item_status, step.rejects_to.item_status, f"{step.name} rejects")
        if flow_class.withdrawable(step):
            need(step.item_status, flow_class.withdrawn_status, f"withdraw from {step.name}")
    for step in flow_class.steps():
        _check_timeout(flow_class, step, need, errors)
    return errors


def _check_timeout(flow_class, step, need, errors) -> None:
    timeout = step.timeout
    if timeout is None:
        return
    target = timeout._next
    if isinstance(target, Resubmit) or not isinstance(target, (Step, Finish)):
        errors.append(f"{flow_class.__name__}.{step.name}: OnTimeout() must lead to a reviewing Step or a Finish")
        return
    need(step.item_status, target.item_status, f"{step.name} times out")


@register()
def check_flows(app_configs, **kwargs):
    from django.apps import apps

    from workflows.engine.flows import BaseFlow

    return [
        Error(message, id="workflows.E001")
        for flow_class in _all_subclasses(BaseFlow)
        # Only flows of installed apps: a test may define a broken flow on purpose.
        if apps.get_containing_app_config(flow_class.__module__) is not None
        for message in flow_errors(flow_class)
    ]
