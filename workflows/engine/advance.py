"""`advance`: the one way an act changes an item — its FSM transition, its version, one UPDATE,
and the audit event that records it.

Apart from workflows.engine.transitions on purpose: that module declares and looks up the kinds'
transitions (flows import it when they are defined); this one writes (the item row, the audit
chain), and only services call it.
"""

from core.audit.services import record_event
from workflows.engine.transitions import move_status


def advance(
    item, to, *, action, by=None, organisation, acting_for=None, comment="", data=None, fields=(), changed=True
):
    """Move `item` to status `to` by its kind's FSM transition (InvalidState if no flow declares
    the change), bump its version and save it in one UPDATE (ConcurrentTransition if its status
    moved meanwhile), then record the event `action` by `by` (None: the system) with the status
    it left and the one it has. Returns the event.

    A kind's `status_moved(from_status)`, when it has one, runs after a move (in the same
    transaction). `to=None`: the status stays (an edit). `fields`: the other fields the act changed, saved in
    the same UPDATE. `changed=False`: the act left the item as it was (a vote that does not
    decide its step): only the event, from and to the current status.
    """
    from_status = item.status
    if changed:
        if to is not None:
            from_status = move_status(item, to)
        item.version += 1
        status = ["status"] if to is not None else []
        item.save(update_fields=[*status, *fields, "version", "updated_at"])
        moved = getattr(item, "status_moved", None)
        if moved is not None and from_status != item.status:
            # A kind that keeps a copy of the status (for a constraint of its own table) updates
            # it here, in the same transaction: no other path changes a status.
            moved(from_status)
    return record_event(
        action=action,
        target=item,
        actor=by,
        acting_for=acting_for,
        organisation=organisation,
        from_status=from_status,
        to_status=item.status,
        comment=comment,
        data=data,
    )
