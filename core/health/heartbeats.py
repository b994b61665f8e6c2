"""Recording, in the worker, that a job beat sent was done (Heartbeat)."""

import logging

from django.db import DatabaseError
from django.utils import timezone

logger = logging.getLogger(__name__)


def record_periodic_success(sender=None, **kwargs):
    """celery's task_success handler. django-celery-beat names the periodic task in the message's
    headers (`periodic_task_name`); jobs without it (a delivery, an export) record nothing."""
    from core.health.models import Heartbeat

    request = getattr(sender, "request", None)
    name = getattr(request, "periodic_task_name", None) if request is not None else None
    if not name:
        return
    try:
        Heartbeat.objects.update_or_create(
            periodic_task_name=name, defaults={"task": sender.name, "last_done_at": timezone.now()})
    except DatabaseError:
        # The job itself succeeded; a missed heartbeat only makes the watch look sooner.
        logger.exception("Could not record the heartbeat of %s", name)
