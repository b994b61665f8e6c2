"""Handing deliveries to the broker, after the transaction that wrote them has committed.

Publishing never fails the action: if the broker is unreachable (Redis down), the deliveries stay
pending with no `published_at`, and the sweep publishes them again once they are stale. A
delivery published twice is harmless: the worker claims each row once.
"""

import logging

from django.db import transaction
from django.utils import timezone

from notifications import conf
from notifications.models import Delivery, Notification, OutboxState

logger = logging.getLogger(__name__)


def publish_on_commit(delivery_ids) -> None:
    """Publish these deliveries when (and only if) the current transaction commits."""
    ids = list(delivery_ids)
    if ids:
        transaction.on_commit(lambda: publish(ids))


def publish(delivery_ids, *, reclaim_before=None) -> int:
    """Send task messages for these deliveries, in chunks; return how many were handed over.

    `reclaim_before`: the sweep's judgement that claims older than this belong to dead workers, so
    the worker may take over such a delivery. Stops at the first broker error (the rest is left for
    the sweep) and never raises.
    """
    from notifications.tasks import deliver

    ids = list(delivery_ids)
    size = conf.get("DELIVERIES_PER_TASK")
    handed = []
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        try:
            # No publish retries: a down broker must not hold up the user's request; the sweep retries.
            deliver.apply_async(
                args=[chunk], kwargs={"reclaim_before": reclaim_before.isoformat() if reclaim_before else None},
                retry=False,
            )
        except Exception as exc:  # noqa: BLE001  any broker failure: leave it to the sweep
            logger.warning("Could not publish %d deliveries (the sweep will retry): %s", len(ids) - start, exc)
            break
        handed.extend(chunk)
    if handed:
        _mark_published(handed)
    return len(handed)


def _mark_published(ids) -> None:
    now = timezone.now()
    try:
        Delivery.objects.filter(pk__in=ids).update(published_at=now)
        Notification.objects.filter(state=OutboxState.PENDING, deliveries__pk__in=ids).update(
            state=OutboxState.PUBLISHED, published_at=now
        )
    except Exception as exc:  # noqa: BLE001  bookkeeping only: at worst the sweep publishes again
        logger.warning("Could not record the publication of %d deliveries: %s", len(ids), exc)
