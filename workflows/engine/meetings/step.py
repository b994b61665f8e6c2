"""MeetingStep: a step whose decision waits for a meeting (实地考察, 答辩, 督导进校).

    onsite_visit = (
        MeetingStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.ONSITE_VISIT, title=_("实地考察"),
                    meeting=_("实地考察"), remind_before=(3, 1), limit=WorkingDays(15))
        .Approve(this.city_review).Reject(this.rejected)
    )

The task is the handler's as on any step (deadline, reminders, timeout: `limit=`, `OnTimeout`).
The handler (or the owning department) schedules the meeting (services.schedule_meeting);
`remind_before` is the reminders' data: working days before the meeting (default 3 and 1). The
step offers its decisions as a Step does; `route` refuses 通过 until the meeting is closed, and
any decision while a scheduled meeting is still open, each with the reason (409). A cancelled
meeting (取消会议) counts as none: the handler schedules another, or decides without one.
"""

from django.utils.translation import gettext as _

from workflows.engine import acts
from workflows.engine.exceptions import InvalidState
from workflows.engine.meetings.models import Meeting, MeetingState
from workflows.engine.nodes import Step, open_task_at

REMIND_BEFORE = (3, 1)


class MeetingStep(Step):
    def __init__(self, actor, *, status: str, title="", meeting="", remind_before=REMIND_BEFORE, **step_options):
        super().__init__(actor, status=status, title=title, **step_options)
        self.meeting_title = meeting or title
        days = sorted({int(day) for day in remind_before}, reverse=True)
        if any(day < 1 for day in days):
            raise ValueError("MeetingStep.remind_before counts working days before the meeting: each at least 1")
        self.remind_before = tuple(days)

    def route(self, act, task, *, to: str, comment: str):
        state = live_meetings(task).values_list("state", flat=True).first()
        if state == MeetingState.SCHEDULED:
            raise InvalidState(_("“%(step)s”的会议尚未结束：请先记录出席情况和会议纪要并结束会议，再作决定。")
                               % {"step": self.task_title})
        if act == acts.APPROVE and state is None:
            raise InvalidState(_("“%(step)s”需先安排并召开会议，结束会议后才能通过。") % {"step": self.task_title})
        return super().route(act, task, to=to, comment=comment)


def live_meetings(task):
    """The task's meeting that counts, as a queryset: a cancelled one (取消会议) no longer does."""
    return Meeting.objects.filter(task_id=task.pk).exclude(state=MeetingState.CANCELLED)


def meeting_task(item):
    """The item's open task at a MeetingStep (with its process), or None."""
    return open_task_at(item, MeetingStep)
