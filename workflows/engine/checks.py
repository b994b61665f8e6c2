"""System checks: every step's decisions lead somewhere, and every status a flow names is one of
its kind's. The status changes themselves need no check: the flow declares them
(workflows.engine.transitions). A flow that fails these would fail at run time."""

from django.core.checks import Error, register

from workflows.engine.flows import installed_flows
from workflows.engine.nodes import Finish, Resubmit, Step, Submit
from workflows.engine.transitions import status_at


def flow_errors(flow_class) -> list[str]:
    model = flow_class.item_model
    if model is None:  # an abstract intermediate flow
        return []
    errors = _status_errors(flow_class, model)
    for step in flow_class.steps():
        if isinstance(step, Resubmit):
            if not step.returners():
                errors.append(f"{flow_class.__name__}.{step.name}: no step returns to it")
            continue
        if step.approves_to is None:
            errors.append(f"{flow_class.__name__}.{step.name}: no Approve() target")
        for target in step.returns:
            if not isinstance(target, Step):
                errors.append(f"{flow_class.__name__}.{step.name}: may only return to a step, not {target.name}")
        if step.rejects_to is not None and not isinstance(step.rejects_to, Finish):
            errors.append(f"{flow_class.__name__}.{step.name}: Reject() must lead to a Finish")
    for step in flow_class.steps():
        _check_timeout(flow_class, step, errors)
    _check_branches(flow_class, errors)
    return errors


def _check_branches(flow_class, errors) -> None:
    """An optional stage's branch is passed by a decision (`decide`) or a submission (`submit_item`),
    which record where the item landed: only a Step that decide approves (not a 名单 or 公示 step,
    a fan-out), a submitted start (not a fan-out's child, which its parent starts) or another
    branch may lead to it, and both its ways must lead somewhere."""
    from workflows.engine.branches.step import Optional
    from workflows.engine.fanout.step import Dispatched
    from workflows.engine.lists.step import ListStep
    from workflows.engine.notices.step import NoticeStep

    for node in flow_class.instance.nodes():
        if isinstance(node, Optional) and (node.stage is None or node.otherwise is None):
            errors.append(f"{flow_class.__name__}.{node.name}: an Optional needs its stage and otherwise")
        for edge in node._outgoing():
            if not isinstance(edge.dst, Optional) or isinstance(node, Optional):
                continue
            if isinstance(node, Submit) and not isinstance(node, Dispatched):
                continue
            if not isinstance(node, Step) or isinstance(node, (ListStep, NoticeStep)):
                errors.append(f"{flow_class.__name__}.{node.name}: only a Step's decision may lead to "
                              f"the branch {edge.dst.name}")


def _status_errors(flow_class, model) -> list[str]:
    """The statuses the flow names (its nodes', draft at the start, withdrawn) that the kind's
    Status lacks, each once with the names that use it."""
    known = {str(value) for value in model.Status.values}
    unknown = {}
    named = [(node.name, status_at(node)) for node in flow_class.instance.nodes()]
    for name, status in [*named, ("withdrawn_status", flow_class.withdrawn_status)]:
        if status is not None and str(status) not in known:
            unknown.setdefault(str(status), []).append(name)
    return [
        f"{flow_class.__name__}: status '{status}' ({', '.join(names)}) is not a status of {model.__name__}"
        for status, names in unknown.items()
    ]


def _check_timeout(flow_class, step, errors) -> None:
    timeout = step.timeout
    if timeout is None:
        return
    target = timeout._next
    if isinstance(target, Resubmit) or not isinstance(target, (Step, Finish)):
        errors.append(f"{flow_class.__name__}.{step.name}: OnTimeout() must lead to a reviewing Step or a Finish")


@register()
def check_flows(app_configs, **kwargs):
    return [
        Error(message, id="workflows.E001")
        for flow_class in installed_flows()  # a test may define a broken flow on purpose
        for message in flow_errors(flow_class)
    ]
