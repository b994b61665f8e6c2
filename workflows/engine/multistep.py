"""MultiStep: a step several people act on, one task each (viewflow's open Split cannot do that).

    panel = (
        MultiStep(Drawn(experts_outside_district, count=3, label=_("评审专家")), mode=SignMode.ALL,
                  status=S.EXPERT_REVIEW, title=_("专家评审"), limit=WorkingDays(5))
        .Approve(this.decision).ReturnTo(this.revise).Reject(this.rejected)
    )

Modes (workflows.engine.signing decides): SignMode.ALL 会签, ANY 或签, SEQUENCE 依次审批 (one task
at a time, in the order fixed when the step opens), QUORUM with `need=k` (k of n).

When the step opens, its members are chosen (workflows.engine.members) and recorded in a
SignGroup; each member whose turn it is gets a task of this node owned by them, with its own
deadline, reminders and armed timeout, exactly like a Step's task. The tasks share the token
(no split, no join): the member whose vote decides the step routes on as a Step does, and the
others' tasks are cancelled (reminders and timers too). Decisions go through the usual services
(approve_task, return_task, reject_task); 加签/减签 through services.signers.
"""

from viewflow.workflow.status import STATUS

from workflows.engine import members as sources
from workflows.engine.assignment import Assignment
from workflows.engine.nodes import Step, StepActivation, item_of
from workflows.engine.signing_models import SignerState, SignGroup, Signer, SignMode


class MemberActivation(StepActivation):
    """The activation of one member's task."""


class MultiStep(Step):
    activation_class = MemberActivation

    def __init__(self, members, *, mode: str, status: str, title="", need: int | None = None, limit=None,
                 reminders: str | None = None):
        super().__init__(members, status=status, title=title, limit=limit, reminders=reminders)
        if (mode == SignMode.QUORUM) != (need is not None) or (need is not None and need < 1):
            raise ValueError("need=k (k >= 1) is given for SignMode.QUORUM, and only for it")
        self.mode = SignMode(mode)
        self.need = need

    @property
    def members(self):
        return self.actor

    def _create(self, prev_activation, token, data=None, seed=None):
        """Open the step: choose its members, record them, open the first tasks. Returns the
        first member's activation (viewflow activates what _create returns; the others need
        nothing more)."""
        item = item_of(prev_activation)
        chosen = sources.choose(self.members, item, need=self.need or 1)
        group = SignGroup.objects.create(process=prev_activation.process, step=self.name, mode=self.mode,
                                         need=self.need)
        signers = Signer.objects.bulk_create(
            [Signer(group=group, user=user, position=index) for index, user in enumerate(chosen)]
        )
        first_turn = signers[:1] if self.mode == SignMode.SEQUENCE else signers
        activations = [open_member_task(self, prev_activation, token, signer, data=data) for signer in first_turn]
        return activations[0]


def open_member_task(node, prev_activation, token, signer, *, data=None):
    """A task for `signer` (saved by the caller's update of the signer, or here)."""
    activation = node.activation_class.create_for(
        node, prev_activation, token, data=dict(data or {}, signer=signer.pk), assigned=Assignment(owner=signer.user)
    )
    for boundary in node._boundary_events:
        boundary._arm(activation)
    signer.task, signer.state = activation.task, SignerState.OPEN
    signer.save(update_fields=["task", "state"])
    return activation


def cancel_member_task(task) -> None:
    """Cancel an open member task and its armed timeout (viewflow cancels a boundary only when
    its host completes). The caller tells notifications (notify.task_closed)."""
    activation = task.flow_task.activation_class(task)
    if activation.cancel.can_proceed():
        activation.cancel()
    for boundary in task.flow_task._boundary_events:
        boundary._on_host_finished(task=task)


def is_open(task) -> bool:
    return task.status in (STATUS.NEW, STATUS.ASSIGNED)
