"""The item page's view of multi-person steps (会签, 或签, 依次, k of n): each step's members with
their decisions, and 加签/减签 for the handler of an open member task. The rules are in
workflows.engine.services.signers; this only offers what they would allow."""

from dataclasses import dataclass, field
from itertools import groupby

from workflows.engine.handover import delegation_of
from workflows.engine.multistep import is_open
from workflows.engine.panel_names import EXPERT, PanelNames, is_panel, member_count, panel_label
from workflows.engine.services.signers import addable
from workflows.engine.signing_models import PENDING, SignerState, Signer, SignMode


@dataclass
class SignPanel:
    group: object
    title: str
    members: list  # Signer rows, in order, with user, decision and task loaded
    task: object = None  # the reader's own open member task: 加签/减签 act on it
    addable: list = field(default_factory=list)
    removable: list = field(default_factory=list)
    # A panel whose members the reader may not know (panel_names): "专家评审组（3人）", names "专家".
    crowd: str = ""

    @property
    def sequence(self) -> bool:
        return self.group.mode == SignMode.SEQUENCE


def display_state(signer) -> str:
    """A member whose task closed without a decision (the item was withdrawn) shows as not needed."""
    if signer.state == SignerState.OPEN and signer.task is not None and not is_open(signer.task):
        return SignerState.CANCELLED
    return signer.state


def sign_panels(process, item, user, names: PanelNames, principals=frozenset()) -> list[SignPanel]:
    """One panel per opening of a multi-person step in the item's current process: one query for
    the members, plus the pool query of the one step the reader handles, if any. `principals`:
    whom the reader is proxy for (委托), whose member tasks they handle too. `names`: whether the
    reader may see who sits on an expert panel (each member's `shown_name`)."""
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
        # A delegated task (委派) is its delegate's to hand back, not to add or remove signers on.
        mine = next((s for s in members if s.state == SignerState.OPEN and s.task is not None
                     and delegation_of(s.task) is None
                     and (s.task.owner_id == user.pk or s.task.owner_id in principals)), None)
        if mine is not None and not group.outcome and node is not None:
            mine.task.process = process
            panel.task = mine.task
            panel.addable = addable(node, item, group)
            panel.removable = [s for s in members if s.state in PENDING and s.pk != mine.pk]
        panels.append(panel)
    return panels
