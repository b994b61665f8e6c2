"""Moving an item's status with the kind's own django-fsm transitions.

The flow names the status each step and end stands for; the FSM says which changes are legal.
The engine calls the one transition of the item's kind that leads from the current status to the
wanted one, so an undeclared change fails instead of being written.
"""

from django.utils.translation import gettext as _
from django_fsm import ANY_OTHER_STATE, ANY_STATE

from workflows.engine.exceptions import InvalidState


def find_transition(model, source: str, target: str):
    """The transition of `model` from `source` to `target`, or None."""
    for transition in model._meta.get_field("status").get_all_transitions(model):
        if transition.target != target:
            continue
        if transition.source == source or transition.source == ANY_STATE:
            return transition
        if transition.source == ANY_OTHER_STATE and source != target:
            return transition
    return None


def move_status(item, target: str) -> str:
    """Run the transition to `target` on `item` (not saved). Returns the status it left."""
    current = item.status
    transition = find_transition(type(item), current, target)
    if transition is None:
        raise InvalidState(
            _("事项当前状态为“%(current)s”，不能变为“%(target)s”。")
            % {"current": item.status_label, "target": _label(item, target)}
        )
    getattr(item, transition.name)()
    return current


def _label(item, status: str) -> str:
    try:
        return type(item).Status(status).label
    except ValueError:
        return status
