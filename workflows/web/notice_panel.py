"""The item page's 公示 card: shown only while the item waits at a NoticeStep (no statement
otherwise). Everyone who sees the item sees the notice and its period; the owning department also
sees how many objections are open and the way to its notice page."""

from dataclasses import dataclass

from workflows.engine.notices import rules
from workflows.engine.notices.models import EntryOutcome, NoticeEntry
from workflows.engine.notices.step import NoticeStep


@dataclass
class NoticePanel:
    entry: NoticeEntry | None  # None: waiting for the department to publish a notice
    handles: bool
    open_objections: int


def notice_panel(open_tasks, item, user) -> NoticePanel | None:
    if not any(isinstance(task.flow_task, NoticeStep) for task in open_tasks):
        return None
    entry = NoticeEntry.objects.filter(item_id=item.pk, outcome=EntryOutcome.WAITING).select_related("notice").first()
    handles = entry is not None and rules.may_handle(user, entry.notice)
    return NoticePanel(entry=entry, handles=handles,
                       open_objections=entry.objections.open().count() if handles else 0)
