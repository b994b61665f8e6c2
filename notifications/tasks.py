"""Celery tasks: `notifications.deliver` (a batch of deliveries) and `notifications.sweep` (the
beat task, every minute).

Late acks and reject-on-worker-lost (settings) put a message back when its worker dies; the
deliveries' claims make a redelivered or duplicated message harmless. Failures of a channel are
retried with exponential backoff and jitter, bounded by MAX_ATTEMPTS in the database; after the
last one the delivery becomes an incident that admins retry from the admin. Infrastructure errors
(the database briefly away) retry the whole task, also with backoff and jitter, a bounded number
of times; what is still unsent after that, the sweep publishes again.
"""

import datetime
import logging

from celery import shared_task
from celery.exceptions import MaxRetriesExceededError
from django.db import DatabaseError
from django.utils import timezone

from core.celery import database_job
from notifications import conf, delivering
from notifications import sweep as sweeping

logger = logging.getLogger(__name__)

TIME_LIMIT = conf.get("DELIVERY_TIME_LIMIT")
INFRA_RETRIES = 5


def _parse(moment: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(moment) if moment else None


@shared_task(
    bind=True,
    name="notifications.deliver",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=TIME_LIMIT,
    soft_time_limit=TIME_LIMIT * 2 // 3,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=INFRA_RETRIES,
)
def deliver(self, ids, reclaim_before=None):
    outcome = delivering.deliver(ids, reclaim_before=_parse(reclaim_before))
    if outcome.retry:
        wait = max(outcome.retry.values()) - timezone.now()
        try:
            # The attempts are bounded by MAX_ATTEMPTS in the database, not by this counter.
            raise self.retry(
                args=[sorted(outcome.retry)], kwargs={}, countdown=max(wait.total_seconds(), 0), max_retries=None
            )
        except MaxRetriesExceededError:  # pragma: no cover - max_retries=None
            pass
    return {"sent": len(outcome.sent), "retry": len(outcome.retry), "failed": len(outcome.failed)}


@database_job(name="notifications.sweep")
def sweep(now=None):
    """`now` (ISO 8601) lets tests and catch-up runs sweep at any moment; beat passes none."""
    moment = _parse(now) or timezone.now()
    result = sweeping.sweep(now=moment)
    if result.due or result.republished or result.digests:
        logger.info("Sweep at %s: %s", moment.isoformat(), result)
    return result.__dict__
