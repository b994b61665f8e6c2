"""A kind's status changes: declared once, by its flows, as django-fsm transitions.

Every edge of a flow that moves the item is a legal status change of its kind: submit (draft →
the first step), approve, return, reject, resubmit, a timeout, a fan-out's Next(), and outside the
graph withdrawal (撤回) from every withdrawable step and reopening (withdrawn → draft).
`declare_flow` (called by BaseFlow for each flow class as it is defined) adds them to the flow's
`item_model` as FSM transition methods, one per target status (`to_<status>`), so the kind's model
declares none by hand. Several flows of one kind give the union of their changes.

The engine calls the transition that leads from the item's current status to the wanted one
(`move_status`), so a change no flow declares fails instead of being written.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django_fsm import ANY_OTHER_STATE, ANY_STATE, transition

from workflows.engine.exceptions import InvalidState
from workflows.engine.models import BaseStatus
from workflows.engine.nodes import Submit


def status_at(node) -> str | None:
    """The item's status while its process is at `node`: draft at the start (not yet submitted),
    a timeout's step's for the timeout (viewflow's boundary event, attached to its step), else the
    node's own; None for a node that stands for no status."""
    if isinstance(node, Submit):
        return BaseStatus.DRAFT
    host = getattr(node, "_attached_to", None)
    if host is not None:
        return getattr(host, "item_status", None)
    return getattr(node, "item_status", None)


def flow_changes(flow_class) -> set[tuple[str, str]]:
    """The (source, target) status changes `flow_class` can make."""
    changes = set()
    withdrawable = False
    for node in flow_class.instance.nodes():
        # Plain strings: the table's keys, whichever Status enum (or none) a flow wrote them with.
        source = status_at(node)
        if source is None:
            continue
        for target in _statuses_reached(node, flow_class):
            changes.add((str(source), str(target)))
        if flow_class.withdrawable(node):
            withdrawable = True
            changes.add((str(source), str(flow_class.withdrawn_status)))
    if withdrawable:
        # reopen_item: a withdrawn item becomes a draft again, to be submitted in a new process.
        changes.add((str(flow_class.withdrawn_status), str(BaseStatus.DRAFT)))
    return changes


def _reachable(edge, flow_class):
    """The edge's destination and, past a step the flow lets be skipped, where 通过 leads on."""
    node = edge.dst
    yield node
    while edge.edge_class == "next" and node.name in flow_class.skippable and hasattr(node, "approves_to"):
        node = node.approves_to
        yield node


def _statuses_reached(node, flow_class, seen=()):
    """The statuses `node`'s edges lead to, through the branches that stand for no status (an
    optional stage's gateway, workflows.engine.branches): both of a branch's ways are changes."""
    for edge in node._outgoing():
        for destination in _reachable(edge, flow_class):
            target = status_at(destination)
            if target is not None:
                yield target
            elif getattr(destination, "task_type", "") == "EXCLUSIVE_GATEWAY" and destination not in seen:
                yield from _statuses_reached(destination, flow_class, (*seen, destination))


def declare_flow(flow_class) -> None:
    """Add `flow_class`'s status changes to its item model's FSM transitions."""
    declare_transitions(flow_class.item_model, flow_changes(flow_class))


def declare_transitions(model, changes) -> None:
    """Register `changes` [(source, target)] on `model` as django-fsm transitions of its status
    field: one method `to_<target>` per target, from each of its sources (added to the method if
    an earlier flow of the kind declared it already)."""
    field = model._meta.get_field("status")
    methods = field.transitions.setdefault(model, {})
    for source, target in sorted(changes):
        name = f"to_{target}"
        method = methods.get(name)
        if method is None:
            if name in vars(model):
                raise ImproperlyConfigured(f"{model.__name__}.{name} exists and is not the engine's transition")
            method = transition(field=field, source=source, target=target)(_transition_body(model, name))
            setattr(model, name, method)
            methods[name] = method
        elif source not in method._django_fsm.transitions:
            # As stacked @transition decorators do: one more source for the same method.
            transition(field=field, source=source, target=target)(method)


def _transition_body(model, name):
    def body(self):
        """Nothing but the status change: the engine's services do the rest."""

    body.__name__ = name
    body.__qualname__ = f"{model.__name__}.{name}"
    body.__module__ = model.__module__
    return body


def find_transition(model, source: str, target: str):
    """The transition of `model` from `source` to `target`, or None."""
    for declared in model._meta.get_field("status").get_all_transitions(model):
        if declared.target != target:
            continue
        if declared.source == source or declared.source == ANY_STATE:
            return declared
        if declared.source == ANY_OTHER_STATE and source != target:
            return declared
    return None


def move_status(item, target: str) -> str:
    """Run the transition to `target` on `item` (not saved). Returns the status it left."""
    current = item.status
    found = find_transition(type(item), current, target)
    if found is None:
        raise InvalidState(
            _("事项当前状态为“%(current)s”，不能变为“%(target)s”。")
            % {"current": item.status_label, "target": _label(item, target)}
        )
    getattr(item, found.name)()
    return current


def _label(item, status: str) -> str:
    try:
        return type(item).Status(status).label
    except ValueError:
        return status
