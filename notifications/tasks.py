"""Celery tasks: `notifications.deliver` (a batch of deliveries, in notifications.delivery_task,
which publishing sends to) and `notifications.sweep` (the beat task, every minute).

Late acks and reject-on-worker-lost (settings) put a message back when its worker dies; the
deliveries' claims make a redelivered or duplicated message harmless. Failures of a channel are
retried with exponential backoff and jitter, bounded by MAX_ATTEMPTS in the database; after the
last one the delivery becomes an incident that admins retry from the admin. Infrastructure errors
(the database briefly away) retry the whole task, also with backoff and jitter, a bounded number
of times; what is still unsent after that, the sweep publishes again.
"""

import datetime
import logging

from django.utils import timezone

from core.celery import database_job
from notifications import sweep as sweeping
from notifications.delivery_task import deliver  # noqa: F401 - Celery finds both tasks here

logger = logging.getLogger(__name__)

@database_job(name="notifications.sweep")
def sweep(now=None):
    """`now` (ISO 8601) lets tests and catch-up runs sweep at any moment; beat passes none."""
    moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
    result = sweeping.sweep(now=moment)
    if result.due or result.republished or result.digests:
        logger.info("Sweep at %s: %s", moment.isoformat(), result)
    return result.__dict__
