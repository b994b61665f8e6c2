"""到期: the daily beat (`workflows.tenure_daily`, workflows/tasks.py) expires every active tenure
whose last day has passed and sends the reminders before expiry that are due. Both are events
from outside the task list with no person behind them: the system acts, each tenure in its own
transaction; a tenure someone is changing right now is left for the next run. Running twice
does nothing the second time (expired is expired; a reminder's key is sent once)."""

import datetime
import logging

from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import Conflict
from workflows.engine.tenure import messages, records, rules
from workflows.engine.tenure.models import Tenure, TenureState

logger = logging.getLogger(__name__)


@service
def expire_tenure(*, tenure, on: datetime.date | None = None) -> Tenure | None:
    """Expire `tenure` if it is active and `on` (default today) is past its last day; else None."""
    on = on or rules.today()
    tenure = records.locked(Tenure(pk=pk_of(tenure)))
    if tenure.state != TenureState.ACTIVE or tenure.valid_until >= on:
        return None
    return records.end(tenure, TenureState.EXPIRED, action="tenure_expired", on=on.isoformat())


def expire_due(*, on: datetime.date | None = None) -> int:
    """Expire every tenure due on `on`. Returns how many expired."""
    on = on or rules.today()
    expired = 0
    due = Tenure.objects.filter(state=TenureState.ACTIVE, valid_until__lt=on).order_by("valid_until", "pk")
    for pk in due.values_list("pk", flat=True):
        try:
            if expire_tenure(tenure=pk, on=on) is not None:
                expired += 1
        except Conflict:
            logger.info("Tenure %s is busy; expiring it at the next run", pk)
    return expired


def due_offset(tenure, on: datetime.date) -> int | None:
    """The reminder stage due on `on`: the smallest offset (days before the end) already reached,
    so that after downtime only the latest stage goes out; None before the first one."""
    left = (tenure.valid_until - on).days
    reached = [days for days in tenure.terms.reminder_days if left <= days]
    return min(reached) if reached and left >= 0 else None


def remind_due(*, on: datetime.date | None = None) -> int:
    """Remind the holders of active tenures ending within their terms' offsets. Returns how many
    messages were new (a stage already sent is not sent again)."""
    on = on or rules.today()
    horizon = max((max(days) for days in Tenure.objects.filter(state=TenureState.ACTIVE)
                   .values_list("terms__reminder_days", flat=True).distinct() if days), default=0)
    sent = 0
    candidates = Tenure.objects.filter(state=TenureState.ACTIVE, valid_until__gte=on,
                                       valid_until__lte=on + datetime.timedelta(days=horizon)) \
        .select_related("terms", "item__submitter").order_by("valid_until", "pk")
    for tenure in candidates:
        days = due_offset(tenure, on)
        if days is not None:
            sent += messages.remind_expiry(tenure, days=days)
    return sent
