"""A notice closes itself at its end: an event from outside the task list (a timer).

Every minute the beat's `workflows.fire_timers` (workflows/tasks.py) calls `close_due_notices`:
each notice whose end has passed is closed in its own transaction by `close_notice`. The lines
with no open objection go on to the step's Approve() target; those with one wait at the step
until the department handles it (handling.dismiss_objection moves them on; an upheld one sends
them back). A notice whose row, lines or items are busy is left for the next run; closing twice
does nothing the second time.
"""

import logging

from django.utils import timezone

from core.audit.services import record_event
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import Conflict
from workflows.engine.locking import lock_waiting
from workflows.engine.notices import moves
from workflows.engine.notices.models import EntryOutcome, Notice, NoticeEntry

logger = logging.getLogger(__name__)


@service
def close_notice(*, notice, now=None) -> Notice | None:
    """Close `notice` if its end has passed and it is still running; None if there was nothing to do."""
    now = now or timezone.now()
    notice = lock_waiting(Notice.objects.filter(pk=pk_of(notice)), timeout="5s")
    if notice.closed_at is not None or notice.ends_at > now:
        return None
    entries = list(NoticeEntry.objects.filter(notice=notice, outcome=EntryOutcome.WAITING).order_by("pk")
                   .select_for_update().select_related("notice"))
    passed, waiting = [], []
    for entry in entries:
        if entry.objections.open().exists():
            waiting.append(entry.pk)
        elif moves.pass_entry(entry):
            passed.append(entry.pk)
    notice.closed_at = now
    notice.save(update_fields=["closed_at"])
    record_event(action="notice_closed", target=notice, organisation=notice.owner_department,
                 data={"passed": passed, "waiting_for_objections": waiting})
    return notice


def close_due_notices(*, now=None) -> int:
    """Close every notice due at `now` (default: the clock). Returns how many closed."""
    closed = 0
    for pk in Notice.objects.due(now).order_by("ends_at", "pk").values_list("pk", flat=True):
        try:
            if close_notice(notice=pk, now=now) is not None:
                closed += 1
        except Conflict:  # someone is acting on it or on one of its items: the next run closes it
            logger.info("Notice %s is busy; closing it at the next run", pk)
    return closed
