"""Reminders before a meeting: the daily beat (`workflows.meetings_daily`, beat.py) tells every
participant of a scheduled meeting that it is near, at each of the meeting's offsets (working
days before its date, copied from the step's `remind_before`: data, default 3 and 1). After
downtime only the latest stage reached goes out; a stage's key (with the meeting's revision) is
sent once, so running twice sends nothing new and a rescheduled meeting reminds afresh. A meeting
whose date's calendar year is not entered yet waits (logged), like a pending deadline. Only while
the meeting's step is open: once its task is closed (the item withdrawn, timed out, its process
cancelled) nobody is told to come to a meeting that no longer decides anything."""

import datetime
import logging

from django.utils import timezone

from core.calendar import CalendarYearMissing
from core.calendar.working_days import add_working_days
from workflows.engine.meetings import messages
from workflows.engine.meetings.models import Meeting, MeetingState
from workflows.engine.models import OPEN

logger = logging.getLogger(__name__)

# The furthest a reminder can lie ahead, in calendar days (10 working days, with a long holiday).
HORIZON = datetime.timedelta(days=31)


def due_offset(meeting, on: datetime.date) -> int | None:
    """The reminder stage due on `on`: the smallest offset whose day has come; None before the first
    or on the meeting's own day. Raises CalendarYearMissing."""
    day = timezone.localtime(meeting.starts_at).date()
    if on >= day:
        return None
    reached = [days for days in meeting.remind_days if on >= add_working_days(day, -int(days))]
    return min(reached) if reached else None


def remind_due(*, now: datetime.datetime | None = None) -> int:
    """Remind the participants of every scheduled meeting with a stage due. Returns how many
    messages were new."""
    now = now or timezone.now()
    on = timezone.localtime(now).date()
    sent = 0
    candidates = Meeting.objects.filter(state=MeetingState.SCHEDULED, task__status__in=OPEN, starts_at__gt=now,
                                        starts_at__lte=now + HORIZON).select_related("item").order_by("starts_at")
    for meeting in candidates:
        try:
            days = due_offset(meeting, on)
        except CalendarYearMissing as missing:
            logger.warning("Meeting %s: no reminder before it while calendar year %s is missing", meeting.pk,
                           missing)
            continue
        if days is not None:
            sent += messages.remind(meeting, days=days)
    return sent
