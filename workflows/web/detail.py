"""Everything the item page shows: its data and files, timeline, flow chart, what changed since the
previous submission, and the acts open to the reader (only those the services would allow)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from workflows.engine import access, acts, snapshots
from workflows.engine.files import evidence
from workflows.engine.handover.rules import delegation_of
from workflows.engine.models import OPEN, Attachment, BaseStatus
from workflows.engine.reading.selectors import HUMAN
from workflows.engine.signing.panel_names import EXPERT, PanelNames
from workflows.engine.start.kinds import start_kind
from workflows.engine.urging import rules as urging
from workflows.web import due, handover
from workflows.web.chart import flow_chart
from workflows.web.due import Due
from workflows.web.extension_panel import ExtensionSection, extension_section
from workflows.engine.certificates.rules import item_certificates
from workflows.web.meeting_panel import MeetingPanel, meeting_panel
from workflows.web.notice_panel import NoticePanel, notice_panel
from workflows.web.progress import progress
from workflows.web.scoring_panel import ScoringPanel, scoring_panel
from workflows.web.forms import DecisionForm, WithdrawForm
from workflows.web.start_forms import DraftFields
from workflows.web.rows import waiting_for_labels
from workflows.web.signing import SignPanel, sign_panels
from workflows.web.tenure_panel import TenurePanel, tenure_panel
from workflows.web.timeline import timeline


@dataclass
class TaskPanel:
    """One open step of the item and what the reader may do on it."""

    task: Task
    title: str
    waiting_for: str
    due: Due
    may_claim: bool = False
    may_unclaim: bool = False
    form: object = None  # DecisionForm with the decisions the reader may make (its .acts)
    # 转办 / 委派 / 抄送 (workflows.web.handover), when the reader may and has someone to choose
    transfer_form: object = None
    delegate_form: object = None
    cc_form: object = None
    # A delegated step (委派): its delegate's hand-back form, its handler's recall
    delegated: bool = False
    hand_back_form: object = None
    may_recall: bool = False
    urge: "UrgeOffer | None" = None  # when the reader may urge (催办) the step's handler
    # 重新提交 of a kind that can be started: its fields to edit (the draft's form) and the 材料类别
    revision: object = None
    slots: dict = field(default_factory=dict)

    @property
    def actionable(self) -> bool:
        return bool(self.may_claim or self.may_unclaim or self.form or self.hand_back_form or self.may_recall)

    @property
    def handover_forms(self) -> list:
        """(form, url name, button) for each of 转办 / 委派 / 抄送 the reader has."""
        acts = ((self.transfer_form, "workflows:transfer", _("转办")),
                (self.delegate_form, "workflows:delegate", _("委派")), (self.cc_form, "workflows:cc", _("抄送")))
        return [(form, url, button) for form, url, button in acts if form is not None]

    @property
    def resubmit(self) -> bool:
        return self.form is not None and acts.RESUBMIT in self.form.acts


@dataclass
class UrgeOffer:
    """催办 for the reader: allowed now, or again from `next_allowed_at`."""

    next_allowed_at: datetime | None

    @property
    def limited(self) -> bool:
        return self.next_allowed_at is not None

    @property
    def next_label(self) -> str:
        return urging.local_moment(self.next_allowed_at) if self.next_allowed_at else ""


@dataclass
class ItemPage:
    item: object
    fields: list[tuple[str, object]]
    files: list[Attachment]
    timeline: list
    chart: str
    changes: object
    progress: list = field(default_factory=list)  # 流程进度 (workflows.web.progress)
    panels: list[TaskPanel] = field(default_factory=list)
    sign_panels: list[SignPanel] = field(default_factory=list)
    withdraw_form: WithdrawForm | None = None
    extensions: ExtensionSection = field(default_factory=ExtensionSection)
    notice: NoticePanel | None = None
    scoring: ScoringPanel | None = None
    certificates: list = field(default_factory=list)
    meeting: MeetingPanel | None = None
    may_reopen: bool = False  # 重新编辑 after 撤回 (access.reopen_refusal)
    may_edit_draft: bool = False  # a draft its submitter edits on the draft page (发起申报)
    tenure: TenurePanel | None = None  # 认定有效期: the life after approval (workflows.web.tenure_panel)

    @property
    def current_steps(self) -> str:
        return _("、").join(panel.title for panel in self.panels)


def return_choices(node) -> list[tuple[str, str]]:
    return [(target.name, str(target.task_title)) for target in node.returns]


def _panel(task, item, user, *, label: str, deadline: Due, bound, principals=frozenset(), urges=None) -> TaskPanel:
    panel = TaskPanel(task=task, title=str(task.flow_task.task_title), waiting_for=label, due=deadline)
    delegation = delegation_of(task)
    if delegation is not None:
        # 委派: its delegate may only hand it back, its handler only recall it.
        handover.delegation_acts(panel, delegation, user, bound, principals)
    else:
        _decision_acts(panel, task, item, user, bound, principals)
    if task.pk in (urges or {}):
        panel.urge = UrgeOffer(urges[task.pk])
    return panel


def _decision_acts(panel, task, item, user, bound, principals) -> None:
    """What access.offered allows: 认领 / 放回待办池, and the decision form with the node's acts
    (acting on a queued task claims it, so its form comes with the claim)."""
    offer = access.offered(user, task, item, principals=principals)
    panel.may_claim, panel.may_unclaim = offer.claim, offer.unclaim
    if offer.decisions:
        panel.form = bound.get(task.pk) or decision_form(task, offer.decisions)
    kind = start_kind(item.kind) if panel.resubmit else None
    if kind is not None:
        panel.revision = bound.get(("revision", task.pk)) or DraftFields(kind, item=item)
        panel.slots = kind.slots_for(item=item)
    if panel.form is not None and not panel.resubmit:
        handover.handler_acts(panel, item, user, bound)


def decision_form(task, offered, data=None, files=None) -> DecisionForm:
    return DecisionForm(data, files, prefix_id=f"t{task.pk}-", acts=offered,
                        return_choices=return_choices(task.flow_task))


def current_files(item) -> list[Attachment]:
    """申报材料 now, each with its `version` (files.evidence.versions) and its 材料类别 in words."""
    files = list(item.attachments.filter(decision__isnull=True, removed_at__isnull=True).order_by("slot", "pk"))
    evidence.versions(files, item)
    kind = start_kind(item.kind)
    labels = kind.slots_for(item=item) if kind else {}
    for attachment in files:
        attachment.slot_label = labels.get(attachment.slot, attachment.slot)
    return files


def _fields(item) -> list[tuple[str, object]]:
    labels = item.snapshot_labels()
    return [(labels.get(name, name), value) for name, value in item.snapshot_fields().items()]


def item_page(item, user, *, bound=None, withdraw_form=None, extension_forms=None) -> ItemPage:
    """`bound` maps a task pk (its decision) or (task pk, act) (转办, 委派, 抄送, 交回) to a form
    that came back with errors, to show it again; `extension_forms` the same for the 延期申请
    forms, by prefix."""
    bound = bound or {}
    process = item.processes.order_by("-created", "-pk").first()
    flow_class = process.flow_class if process is not None else None
    tasks = list(Task.objects.filter(process=process).select_related("owner").order_by("created", "pk")) if process else []
    open_tasks = [task for task in tasks if task.flow_task_type == HUMAN and task.status in OPEN]
    labels = waiting_for_labels(open_tasks)
    dues = due.for_tasks([task.pk for task in open_tasks])
    for task in tasks:
        task.process = process
    principals = access.principals_on_page(user, item, open_tasks)
    names = PanelNames(user, item, principals)
    for task in open_tasks:
        if names.hides_task(task):
            labels[task.pk] = str(EXPERT)
    urges = urging.urge_offers(user, open_tasks, item)
    panels = [
        _panel(task, item, user, label=labels[task.pk], deadline=dues.get(task.pk, due.NO_DEADLINE),
               bound=bound, principals=principals, urges=urges)
        for task in open_tasks
    ]
    may_withdraw = access.may_withdraw(item, user, process, open_tasks)
    entries = timeline(item, flow_class, names)
    return ItemPage(
        item=item,
        fields=_fields(item),
        files=current_files(item),
        timeline=entries,
        progress=progress(item, flow_class, entries, panels, tasks),
        chart=flow_chart(flow_class, tasks) if flow_class is not None else "",
        changes=snapshots.changes(item),
        panels=panels,
        sign_panels=sign_panels(process, item, user, names, principals),
        withdraw_form=(withdraw_form or WithdrawForm()) if may_withdraw else None,
        extensions=extension_section(item, user, panels, names, bound=extension_forms),
        notice=notice_panel(open_tasks, item, user),
        scoring=scoring_panel(flow_class, open_tasks, item, user),
        certificates=list(item_certificates(user, item)),
        meeting=meeting_panel(flow_class, open_tasks, item, user),
        may_reopen=access.may_reopen(item, user),
        may_edit_draft=item.status == BaseStatus.DRAFT and start_kind(item.kind) is not None
        and access.may_edit(item, user),
        tenure=tenure_panel(item, user),
    )
