"""What every change of a tenure shares: its row locked (one NOWAIT attempt: a second person
acting at the same moment is told at once, 409), its audit event on the tenure's own chain, and
its end (revoked by a person or a rule, expired by the beat, renewed by its successor)."""

from django.utils import timezone

from core.audit.services import record_event
from workflows.engine.locking import lock_row
from workflows.engine.tenure import messages
from workflows.engine.tenure.models import Tenure, TenureState


def locked(tenure) -> Tenure:
    """The tenure re-read under its row lock (one NOWAIT attempt), with its item and terms."""
    lock_row(Tenure, tenure.pk)
    return Tenure.objects.select_related("item__organisation", "item__owner_department", "item__submitter",
                                         "terms").get(pk=tenure.pk)


def audit(action: str, tenure, by=None, *, comment: str = "", from_state: str = "", **data):
    return record_event(action=action, target=tenure, actor=by, organisation=tenure.item.owner_department,
                        from_status=from_state, to_status=tenure.state, comment=comment,
                        data={"item": tenure.item_id, **data})


def end(tenure, state: str, *, by=None, reason: str = "", document=None, action: str, **data) -> Tenure:
    """End a locked, active tenure as `state`: saved, audited, and (revoked or expired) the holder told."""
    before = tenure.state
    tenure.state, tenure.ended_at, tenure.end_reason = state, timezone.now(), reason
    tenure.ended_by = by
    tenure.document = document
    tenure.save(update_fields=["state", "ended_at", "end_reason", "ended_by", "document"])
    audit(action, tenure, by, comment=reason, from_state=before,
          document=document.text if document is not None else "", **data)
    if state in (TenureState.REVOKED, TenureState.EXPIRED):
        messages.tell_ended(tenure)
    for hook in ENDING_HOOKS.get(tenure.item.kind, ()):
        hook(tenure)
    return tenure


# What a kind does, in the same transaction, when one of its tenures ends (a studio's members
# leave it): {kind: [hook(tenure)]}, registered by the kind's app (register_ending_hook).
ENDING_HOOKS: dict[str, list] = {}


def register_ending_hook(kind: str, hook) -> None:
    hooks = ENDING_HOOKS.setdefault(kind, [])
    if hook not in hooks:
        hooks.append(hook)
