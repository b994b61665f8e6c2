"""MultiStep: a step several people act on, one task each (viewflow's open Split cannot do that).

    panel = (
        MultiStep(Drawn(experts_outside_district, count=3, label=_("评审专家")), mode=SignMode.ALL,
                  status=S.EXPERT_REVIEW, title=_("专家评审"), limit=WorkingDays(5))
        .Approve(this.decision).ReturnTo(this.revise).Reject(this.rejected)
    )

Modes (workflows.engine.signing.votes decides): SignMode.ALL 会签, ANY 或签, SEQUENCE 依次审批 (one task
at a time, in the order fixed when the step opens), QUORUM with `need=k` (k of n).

`min_size`: the fewest members the step may have (default: a Drawn source's count, else k in k
of n, else 1). Opening it with fewer eligible people is refused (TooFewMembers, 400) and raises an
incident for an administrator once the refused act is rolled back; 减签 below it is refused.

When the step opens, its members are chosen (workflows.engine.signing.members) and recorded in a
SignGroup and its Signer rows (the node writes these); each member whose turn it is gets a task of
this node owned by them, listed in the act's `opened`, so that the service gives it its own
participation, deadline, reminders and armed timeout (workflows.engine.opening) exactly like a
Step's task. The tasks share the token
(no split, no join): the member whose vote decides the step routes on as a Step does, and the
others' tasks are cancelled (reminders and timers too). Decisions go through the usual services
(approve_task, return_task, reject_task); 加签/减签 through services.signers.
"""

from django.utils.translation import gettext as _

from core.incidents.services import raise_incident
from workflows.engine.nodes import Step, StepActivation, item_of
from workflows.engine.signing import members as sources
from workflows.engine.signing import votes
from workflows.engine.signing.member_tasks import open_member_task
from workflows.engine.signing.models import Signer, SignGroup, SignMode

# The changes of members a multi-person step may allow (member_acts, owner_acts).
ADD, REMOVE, REDRAW = "add", "remove", "redraw"


class MemberActivation(StepActivation):
    """The activation of one member's task."""


class MultiStep(Step):
    activation_class = MemberActivation

    def __init__(self, members, *, mode: str, status: str, title="", need: int | None = None,
                 min_size: int | None = None, limit=None, reminders: str | None = None):
        super().__init__(members, status=status, title=title, limit=limit, reminders=reminders)
        if (mode == SignMode.QUORUM) != (need is not None) or (need is not None and need < 1):
            raise ValueError("need=k (k >= 1) is given for SignMode.QUORUM, and only for it")
        self.mode = SignMode(mode)
        self.need = need
        drawn = members.count if isinstance(members, sources.Drawn) else None
        self.min_size = min_size if min_size is not None else (drawn or need or 1)
        if self.min_size < max(need or 1, 1) or (drawn is not None and self.min_size > drawn):
            raise ValueError("min_size is at least 1 and k, and at most a Drawn source's count")

    @property
    def members(self):
        return self.actor

    @property
    def drawn(self) -> bool:
        """Whether a draw chooses the members (a Drawn panel), not a list or a role."""
        return isinstance(self.members, sources.Drawn)

    def member_acts(self) -> set:
        """What a member may do to the step's members: 加签 and withdrawing their own 加签 in 依次
        and 或签 (not in a drawn panel, whose members only a draw chooses); nothing in 会签 or k
        of n, where a peer's removal would change the outcome (signing.services performs them)."""
        if self.mode in (SignMode.ALL, SignMode.QUORUM) or self.drawn:
            return set()
        return {ADD, REMOVE}

    def owner_acts(self) -> set:
        """What the step's owner (the department running it) may do: replace a member by a new
        draw in a drawn panel; add from the pool elsewhere; remove in both, within min_size."""
        return {REDRAW, REMOVE} if self.drawn else {ADD, REMOVE}

    def settles(self, activation, decision) -> bool:
        """A member's vote closes the step only when it settles it (workflows.engine.signing.votes)."""
        return votes.cast_vote(activation, decision)

    def _create(self, prev_activation, token, data=None, seed=None):
        """Open the step: choose its members, record them, open the first tasks. Returns the
        first member's activation (viewflow activates what _create returns; the others need
        nothing more)."""
        item = item_of(prev_activation)
        try:
            chosen = sources.choose(self.members, item, need=self.min_size)
        except sources.TooFewMembers as exc:
            # Reported after the refused act is rolled back (services.common.service), so that
            # the incident stays while nothing else of the act does.
            exc.report_after_rollback = lambda exc=exc: report_too_few(self, item, exc)
            raise
        group = SignGroup.objects.create(process=prev_activation.process, step=self.name, mode=self.mode,
                                         need=self.need)
        signers = Signer.objects.bulk_create(
            [Signer(group=group, user=user, position=index) for index, user in enumerate(chosen)]
        )
        first_turn = signers[:1] if self.mode == SignMode.SEQUENCE else signers
        activations = [open_member_task(self, prev_activation, token, signer, data=data) for signer in first_turn]
        return activations[0]


TOO_FEW_INCIDENT = "workflows.step_lacks_members"


def report_too_few(node, item, exc) -> None:
    """Tell an administrator which step could not open for lack of members (one open incident
    per step; a repeat counts and names the latest item)."""
    flow = f"{node.flow_class.__module__}.{node.flow_class.__name__}"
    values = {"step": node.task_title, "source": exc.source, "found": exc.found, "need": exc.need,
              "item": item.title, "ref": item.ref_no or item.pk}
    raise_incident(
        kind=TOO_FEW_INCIDENT, key=f"{flow}.{node.name}",
        title=_("“%(step)s”可参加人员不足，无法开始") % values,
        detail=_("事项“%(item)s”（%(ref)s）到达“%(step)s”时，“%(source)s”只有%(found)d人可参加，此步骤至少需要"
                 "%(need)d人。该事项仍停留在原处；请增补人员（授予相应角色）后重新办理。") % values,
        payload={"flow": flow, "step": node.name, "item": item.pk, "found": exc.found, "need": exc.need},
    )
