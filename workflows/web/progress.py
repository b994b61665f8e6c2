"""The 流程进度 bar above the flow chart, as DingTalk shows an approval: each decision so far (who,
what, when), then the open step(s) and whom they wait for, then the steps still ahead on the usual
way. Made from what the item page has already read (its timeline and open steps)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from workflows.engine.nodes import Finish
from workflows.web.chart_layout import graph, order

# The timeline's acts that move the item on, and how the bar marks them.
MOVES = {
    "submit": "done", "resubmit": "done", "approve": "done", "notice_passed": "done", "dispatch": "done",
    "children_done": "done", "reopen": "done",
    "return": "returned", "notice_sent_back": "returned", "withdraw": "returned", "timeout": "returned",
    "reject": "rejected",
}


@dataclass
class ProgressStep:
    title: str
    state: str  # done, returned, rejected, current, ahead, ended
    outcome: str
    who: str = ""
    when: datetime | None = None
    note: str = ""


def _ahead(flow_class, current: set[str]) -> list[str]:
    """The titles of the usual way's steps after the last open one."""
    boxes, lines = graph(flow_class)
    names = order(boxes, lines)
    path = names[: next((i + 1 for i, name in enumerate(names) if boxes[name].kind.startswith("end")), len(names))]
    last = max((path.index(name) for name in current if name in path), default=None)
    return [] if last is None else [boxes[name].title for name in path[last + 1:]]


def progress(item, flow_class, timeline, panels, tasks) -> list[ProgressStep]:
    """`timeline`: the item's TimelineEntry list; `panels`: its open steps' TaskPanels; `tasks`:
    the current process's tasks, oldest first."""
    if flow_class is None:
        return []
    start = str(flow_class.submit_node().task_title)
    steps = [
        ProgressStep(title=entry.step or start, state=MOVES[entry.event.action], outcome=entry.action,
                     who=entry.who + (f"（{entry.acting_for}）" if entry.acting_for else ""),
                     when=entry.event.created_at, note=entry.returned_to and str(_("退回至：%(step)s") % {
                         "step": entry.returned_to}))
        for entry in timeline if entry.event.action in MOVES
    ]
    for panel in panels:
        steps.append(ProgressStep(title=panel.title, state="current", outcome=str(_("办理中")),
                                  who=str(_("待%(who)s办理") % {"who": panel.waiting_for}) if panel.waiting_for else ""))
    if panels:
        current = {panel.task.flow_task.name for panel in panels}
        steps += [ProgressStep(title=title, state="ahead", outcome=str(_("未开始"))) for title in _ahead(flow_class, current)]
    else:
        end = next((task.flow_task for task in reversed(tasks)
                    if isinstance(task.flow_task, Finish) and task.status == "DONE"), None)
        if end is not None:
            steps.append(ProgressStep(title=str(end.task_title), outcome=str(_("已办结：%(status)s") % {
                "status": item.status_label}), state="rejected" if end.item_status == "rejected" else "ended"))
    return steps
