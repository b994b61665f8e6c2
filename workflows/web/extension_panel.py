"""The item page's 延期申请 card: a 申请延期 form on each open step whose handler is reading and
that has a due date and no request waiting, every request on the item with its decision, and the
同意 / 不同意 forms where the reader is the approver. Offered only where the services would allow;
they check again when the form comes. Two queries: the requests (with everything a row shows)
and, when one is pending, the reader's role grants."""

from dataclasses import dataclass, field

from django.utils import timezone

from workflows.engine.deadlines.extension_models import ExtensionState
from workflows.engine.deadlines.extension_selectors import (
    DecisionRights,
    approver_label,
    item_extensions,
)
from workflows.engine.signing.panel_names import EXPERT
from workflows.web.extension_forms import (
    ExtensionAskForm,
    ExtensionGrantForm,
    ExtensionRefuseForm,
)


def ask_prefix(task_pk) -> str:
    return f"x{task_pk}"


def grant_prefix(extension_pk) -> str:
    return f"g{extension_pk}"


def refuse_prefix(extension_pk) -> str:
    return f"r{extension_pk}"


@dataclass
class AskRow:
    panel: object  # the step's TaskPanel: its task, title and due date
    form: ExtensionAskForm


@dataclass
class ExtensionRow:
    extension: object
    step: str
    approver: str
    who: str  # who asked; "专家" for a panel member the reader may not know (panel_names)
    grant_form: ExtensionGrantForm | None = None
    refuse_form: ExtensionRefuseForm | None = None


@dataclass
class ExtensionSection:
    asks: list[AskRow] = field(default_factory=list)
    rows: list[ExtensionRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.asks or self.rows)


def _may_ask(panel) -> bool:
    """The reader handles the step (it is theirs, or they are its handler's proxy: the panel
    offers them the decision) and it has a due date."""
    return panel.task.owner_id is not None and panel.form is not None and panel.due.at is not None


def extension_section(item, user, panels, names, *, bound=None) -> ExtensionSection:
    """`bound` maps a form prefix to a form that came back with errors, to show it again; `names`
    (panel_names.PanelNames) whether the reader may know who asked on an expert panel's step."""
    bound = bound or {}
    requests = list(item_extensions(item))
    waiting = {extension.task_id for extension in requests if extension.shown_state == ExtensionState.PENDING}
    section = ExtensionSection()
    for panel in panels:
        if _may_ask(panel) and panel.task.pk not in waiting:
            prefix = ask_prefix(panel.task.pk)
            section.asks.append(AskRow(panel=panel, form=bound.get(prefix) or ExtensionAskForm(prefix_id=prefix)))
    rights = DecisionRights(user) if waiting else None
    for extension in reversed(requests):
        hidden = names.hides_task(extension.task) and names.hides_person(extension.requested_by_id)
        row = ExtensionRow(extension=extension, step=str(extension.task.flow_task.task_title),
                           approver=approver_label(extension),
                           who=str(EXPERT) if hidden else str(extension.requested_by))
        if rights is not None and rights.may_decide(extension):
            asked = timezone.localtime(extension.requested_due_at).date()
            row.grant_form = bound.get(grant_prefix(extension.pk)) or ExtensionGrantForm(
                prefix_id=grant_prefix(extension.pk), initial={"due_date": asked})
            row.refuse_form = bound.get(refuse_prefix(extension.pk)) or ExtensionRefuseForm(
                prefix_id=refuse_prefix(extension.pk))
        section.rows.append(row)
    return section
