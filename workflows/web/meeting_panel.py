"""The item page's 会议 card: only for a kind whose flow has a MeetingStep (no statement for any
other). Everyone who sees the item sees its meetings (time, place, participants, attendance,
minutes); the handler and the department are led to schedule one or to manage it."""

from dataclasses import dataclass, field

from workflows.engine.meetings import rules
from workflows.engine.meetings.models import Meeting, MeetingState
from workflows.engine.meetings.step import MeetingStep


@dataclass
class MeetingPanel:
    meetings: list = field(default_factory=list)
    may_schedule: bool = False  # at the step, nothing scheduled (or only cancelled), and the user may


def meeting_panel(flow_class, open_tasks, item, user) -> MeetingPanel | None:
    if flow_class is None or not any(isinstance(node, MeetingStep) for node in flow_class.instance.nodes()):
        return None
    task = next((task for task in open_tasks if isinstance(task.flow_task, MeetingStep)), None)
    meetings = list(Meeting.objects.filter(item_id=item.pk).select_related("task", "cancelled_by")
                    .prefetch_related("participants__user", "reschedules__by", "files").order_by("-starts_at"))
    scheduled = task is not None and any(m.task_id == task.pk and m.state != MeetingState.CANCELLED for m in meetings)
    may_schedule = task is not None and not scheduled and rules.may_manage(user, item, task)
    if not meetings and not may_schedule:
        return None
    return MeetingPanel(meetings=meetings, may_schedule=may_schedule)
