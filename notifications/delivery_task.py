"""The Celery task `notifications.deliver`: one batch of deliveries. Its own module, because
publishing sends to it and the sweep (in notifications.tasks) publishes: this way neither
imports the other's module. What the retries mean: notifications.tasks."""

import datetime

from celery import shared_task
from celery.exceptions import MaxRetriesExceededError
from django.db import DatabaseError
from django.utils import timezone

from notifications import conf, delivering

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
