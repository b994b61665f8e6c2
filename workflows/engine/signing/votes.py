"""Counting a multi-person step's votes, and what follows a vote (workflows.engine.signing.step).

Called under the process lock by the decision services, after the member's Decision row exists:

- 会签 (ALL): passes when every member approved; the first reject or return ends it.
- 或签 (ANY): the first decision decides, whatever it is.
- 依次 (SEQUENCE): an approval opens the next member's task; the last approval passes; a reject or
  return ends it.
- k of n (QUORUM): passes at k approvals, fails (rejected) at n-k+1 rejections. A return is not
  a vote: it ends the step at once and the item goes back, as in the other modes (material that
  must be revised is not put to a vote).

When the step decides, every other member's open task is cancelled (reminders and timeout with
it) and members still waiting their turn are marked as not needed.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workflows.engine import notify
from workflows.engine.models import Outcome
from workflows.engine.signing.member_tasks import cancel_member_task, open_member_task
from workflows.engine.signing.models import PENDING, Signer, SignerState, SignMode

STATE_OF = {Outcome.APPROVE: SignerState.APPROVED, Outcome.REJECT: SignerState.REJECTED,
            Outcome.RETURN: SignerState.RETURNED}


def signer_of(task) -> Signer:
    """The member whose task this is, with its group, locked by the caller's process lock."""
    return Signer.objects.select_related("group").get(task=task)


def verdict(group, signers, vote: str) -> str | None:
    """The step's result after `vote` (already counted in `signers`), or None while it stays open."""
    if vote == Outcome.RETURN or group.mode == SignMode.ANY:
        return vote
    if vote == Outcome.REJECT and group.mode != SignMode.QUORUM:
        return vote
    counted = [signer for signer in signers if signer.state != SignerState.REMOVED]
    approvals = sum(signer.state == SignerState.APPROVED for signer in counted)
    if group.mode == SignMode.QUORUM:
        rejections = sum(signer.state == SignerState.REJECTED for signer in counted)
        if approvals >= group.need:
            return Outcome.APPROVE
        if rejections >= len(counted) - group.need + 1:
            return Outcome.REJECT
        return None
    return Outcome.APPROVE if approvals == len(counted) else None


def cast_vote(activation, decision) -> bool:
    """Record the member's vote. Returns True when it decides the step: the caller then routes
    on from this task as from any Step (activation.execute()). Otherwise this task is completed
    here and, in 依次, the next member's task opens (listed in activation.opened)."""
    signer = signer_of(activation.task)
    group = signer.group
    signer.state, signer.decision = STATE_OF[decision.outcome], decision
    signer.save(update_fields=["state", "decision"])
    signers = list(group.signers.select_related("user", "task"))
    result = verdict(group, signers, decision.outcome)
    if result is not None:
        group.outcome = result
        group.save(update_fields=["outcome"])
        close_others(signers, keep=signer)
        return True
    activation.complete()
    if group.mode == SignMode.SEQUENCE:
        open_member_task(activation.flow_task, activation, activation.task.token, next_waiting(signers))
    return False


def next_waiting(signers) -> Signer | None:
    """The first member in order still waiting for their turn."""
    return min((s for s in signers if s.state == SignerState.WAITING), key=lambda s: s.position, default=None)


def close_others(signers, *, keep=None) -> list:
    """The step is decided (or timed out): cancel every other member's open task, mark those
    still waiting as not needed. Returns the cancelled tasks."""
    cancelled = []
    for signer in signers:
        if signer is keep or signer.state not in PENDING:
            continue
        if signer.state == SignerState.OPEN and signer.task is not None:
            cancel_member_task(signer.task)
            notify.task_closed(signer.task)
            cancelled.append(signer.task)
        signer.state = SignerState.CANCELLED
    Signer.objects.bulk_update([s for s in signers if s.state == SignerState.CANCELLED], ["state"])
    return cancelled


def end_on_timeout(hosts) -> list:
    """A member's timeout fired: the step as a whole timed out. Closes the other members' tasks;
    returns them (the timeout service has cancelled the hosts already)."""
    tasks = [host for host in hosts if getattr(host.flow_task, "mode", None) is not None]
    if not tasks:
        return []
    signer = signer_of(tasks[0])
    signer.group.outcome = "timeout"
    signer.group.save(update_fields=["outcome"])
    signers = list(signer.group.signers.select_related("task"))
    host_ids = {host.pk for host in hosts}
    for member in signers:
        if member.task_id in host_ids:
            member.state = SignerState.CANCELLED
    return close_others(signers)


def follow_transfer(task, to) -> None:
    """转办 of a member task: `to` takes the member's place in the step (the step's record says
    who acts), unless they are in the step already, which would give them two votes."""
    if getattr(task.flow_task, "mode", None) is None:
        return
    signer = signer_of(task)
    if signer.group.signers.exclude(state=SignerState.REMOVED).filter(user=to).exclude(pk=signer.pk).exists():
        raise ValidationError({"to": ValidationError(_("%(name)s已在此多人办理步骤中，不能转办给其本人。") % {"name": to},
                                                     code="to_member")})
    Signer.objects.filter(pk=signer.pk).update(user=to)
