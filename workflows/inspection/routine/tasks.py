"""常态督导's Celery task, registered when the inspection app is ready (routine.ready)."""

import datetime
import logging

from core.celery import database_job
from workflows.inspection.routine import beat, reminders

logger = logging.getLogger(__name__)


@database_job(name=beat.TASK_NAME)
def routine_daily(on=None):
    """The day's reminders of schools not visited this month. `on`: an ISO date (tests, catching up)."""
    sent = reminders.remind_unvisited(on=datetime.date.fromisoformat(on) if on else None)
    if sent:
        logger.info("Reminded inspectors of %s schools not visited this month", sent)
    return sent
