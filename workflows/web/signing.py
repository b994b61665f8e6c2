"""The item page's view of multi-person steps (会签, 或签, 依次, k of n): each step's members with
their decisions; 加签/减签 for the handler of an open member task where members may change the
step, and the owner's acts (add, remove, replace by a new draw) for the owning department. The
rules are the step's (MultiStep.member_acts, owner_acts) and workflows.engine.signing.services's
(removal_refusal); this only offers what they would allow."""

from dataclasses import dataclass, field
from itertools import groupby

from django.urls import reverse

from workflows.engine.handover.rules import delegation_of
from workflows.engine.people import labelled
from workflows.engine.signing.member_tasks import is_open
from workflows.engine.signing.models import PENDING, Signer, SignerState, SignMode
from workflows.engine.signing.panel_names import (
    EXPERT,
    PanelNames,
    is_panel,
    member_count,
    panel_label,
)
from workflows.engine.signing.services import addable, is_step_owner, removal_refusal
from workflows.engine.signing.step import ADD, REDRAW, REMOVE


@dataclass
class SignPanel:
    group: object
    title: str
    members: list  # Signer rows, in order, with user, decision and task loaded
    task: object = None  # the reader's own open member task: a member's 加签/减签 act on it
    owner: bool = False  # the reader runs the step (owning department): the owner's acts
    addable: list = field(default_factory=list)  # people.Candidate: whom the reader may add (加签)
    removable: list = field(default_factory=list)
    redrawable: list = field(default_factory=list)
    # A panel whose members the reader may not know (panel_names): "专家评审组（3人）", names "专家".
    crowd: str = ""

    @property
    def sequence(self) -> bool:
        return self.group.mode == SignMode.SEQUENCE

    def _url(self, act: str) -> str:
        """A member's acts name their task, the owner's the step."""
        if self.task is not None:
            return reverse(f"workflows:{act}-signer", args=[self.task.pk])
        return reverse(f"workflows:step-{act}-signer", args=[self.group.pk])

    @property
    def add_url(self) -> str:
        return self._url("add")

    @property
    def remove_url(self) -> str:
        return self._url("remove")

    @property
    def redraw_url(self) -> str:
        return self._url("redraw")


def display_state(signer) -> str:
    """A member whose task closed without a decision (the item was withdrawn) shows as not needed."""
    if signer.state == SignerState.OPEN and signer.task is not None and not is_open(signer.task):
        return SignerState.CANCELLED
    return signer.state


def sign_panels(process, item, user, names: PanelNames, principals=frozenset()) -> list[SignPanel]:
    """One panel per opening of a multi-person step in the item's current process: one query for
    the members, plus, for the one step still open, whether the reader owns it and the pool the
    reader may add from. `principals`: whom the reader is proxy for (委托), whose member tasks
    they handle too. `names`: whether the reader may see who sits on an expert panel (each
    member's `shown_name`)."""
    if process is None:
        return []
    rows = Signer.objects.filter(group__process=process).select_related("group", "user", "decision", "task")
    panels = []
    for _group_id, members in groupby(rows.order_by("group_id", "position"), key=lambda s: s.group_id):
        members = list(members)
        for signer in members:
            signer.state = display_state(signer)
        group = members[0].group
        node = process.flow_class.instance.node(group.step, no_obsolete=True)
        panel = SignPanel(group=group, title=str(node.task_title) if node else group.step, members=members)
        hidden = node is not None and is_panel(node) and names.hidden
        for signer in members:
            signer.shown_name = str(EXPERT) if hidden else str(signer.user)
        if hidden:
            panel.crowd = panel_label(member_count(members))
        if node is not None and not group.outcome and any(s.state == SignerState.OPEN for s in members):
            _offer_acts(panel, node, item, user, principals)
        panels.append(panel)
    return panels


def _offer_acts(panel, node, item, user, principals) -> None:
    """What the reader may do to the open step's members, asked of the same rules the services
    apply."""
    members, group = panel.members, panel.group
    present = [s for s in members if s.state != SignerState.REMOVED]
    if is_step_owner(user, item):
        acts, member, authors = node.owner_acts(), None, ()
        panel.owner = True
    else:
        # A delegated task (委派) is its delegate's to hand back, not to add or remove signers on.
        member = next((s for s in members if s.state == SignerState.OPEN and s.task is not None
                       and delegation_of(s.task) is None
                       and (s.task.owner_id == user.pk or s.task.owner_id in principals)), None)
        if member is None:
            return
        acts, authors = node.member_acts(), {member.user_id, user.pk}
        member.task.process = panel.group.process
        panel.task = member.task
    if ADD in acts:
        panel.addable = labelled(addable(node, item, group))
    if REMOVE in acts:
        panel.removable = [s for s in present if s.state in PENDING
                           and removal_refusal(node, group, present, s, member=member, authors=authors) is None]
    if REDRAW in acts:
        panel.redrawable = [s for s in present if s.state in PENDING]
