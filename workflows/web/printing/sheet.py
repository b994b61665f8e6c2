"""What an approval sheet (审批单) says, built once for the print page and the PDF."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.web.detail import item_page
from workflows.web.due import due_text
from workflows.templatetags.workpages import kind_label

# The timeline's acts that are opinions on the item: who decided what at which step.
OPINION_ACTIONS = frozenset({
    "submit", "resubmit", "approve", "return", "reject", "timeout", "withdraw", "reopen",
    "notice_passed", "notice_sent_back", "delegation_done",
})


@dataclass
class Opinion:
    step: str
    action: str
    who: str
    organisation: str
    when: str
    comment: str


@dataclass
class WaitingStep:
    step: str
    who: str
    due: str


@dataclass
class Sheet:
    item: object
    title: str
    ref_no: str
    status: str
    meta: list[tuple[str, str]]
    fields: list[tuple[str, str]]
    files: list[str]
    opinions: list[Opinion] = field(default_factory=list)
    waiting: list[WaitingStep] = field(default_factory=list)
    printed_by: str = ""
    printed_at: str = ""

    @property
    def filename(self) -> str:
        return _("审批单-%(ref)s.pdf") % {"ref": self.ref_no}


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _who(entry) -> str:
    who = entry.who or _("系统")
    if entry.acting_for:
        who = _("%(who)s（代%(principal)s）") % {"who": who, "principal": entry.acting_for}
    return who


def _step(entry) -> str:
    if entry.returned_to:
        return f"{entry.step} → {entry.returned_to}" if entry.step else entry.returned_to
    return entry.step or "—"


def approval_sheet(item, user) -> Sheet:
    """The sheet of `item` (already read through the reader's scope) as `user` may see it."""
    page = item_page(item, user)
    opinions = [
        Opinion(step=_step(entry), action=entry.action, who=_who(entry),
                organisation=str(entry.organisation or ""), when=_moment(entry.event.created_at),
                comment=str(entry.event.comment or ""))
        for entry in page.timeline if entry.event.action in OPINION_ACTIONS
    ]
    waiting = [WaitingStep(step=panel.title, who=panel.waiting_for, due=due_text(panel.due)) for panel in page.panels]
    return Sheet(
        item=item, title=item.title, ref_no=item.ref_no, status=str(item.status_label),
        meta=[(_("类别"), str(kind_label(item))), (_("申报单位"), _text(item.organisation)),
              (_("主管处室"), _text(item.owner_department)), (_("申报人"), _text(item.submitter)),
              (_("创建时间"), _moment(item.created_at))],
        fields=[(str(label), _text(value)) for label, value in page.fields],
        files=[f"{attachment.name}（{attachment.slot}）" if attachment.slot else attachment.name
               for attachment in page.files],
        opinions=opinions, waiting=waiting,
        printed_by=user.get_full_name() or user.get_username(), printed_at=_moment(timezone.now()),
    )
