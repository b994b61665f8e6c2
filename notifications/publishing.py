"""Handing deliveries to the broker, after the transaction that wrote them has committed.

Publishing never fails the action: if the broker is unreachable (Redis down), the deliveries stay
pending, and the sweep publishes them again once their `published_at` (set when they were
written) is stale. A delivery published twice is harmless: the worker claims each row once.
"""

import logging
import time

from django.db import transaction
from django.utils import timezone

from notifications import conf
from notifications.bulk import update_by_ids
from notifications.delivery_task import deliver
from notifications.models import Delivery

logger = logging.getLogger(__name__)

PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def publish_on_commit(delivery_ids, *, sweeping: bool = False) -> None:
    """Publish these deliveries when (and only if) the current transaction commits."""
    ids = list(delivery_ids)
    if ids:
        transaction.on_commit(lambda: publish(ids, sweeping=sweeping))


class _Breaker:
    """After a broker failure, this process stops trying for a few seconds: while Redis is down,
    one request pays for finding out, the next ones commit at full speed and leave the
    publishing to the sweep."""

    open_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + conf.get("BROKER_DOWN_PAUSE").total_seconds()

    def reset(self) -> None:
        self.open_until = 0.0


breaker = _Breaker()


def publish(delivery_ids, *, reclaim_before=None, sweeping: bool = False) -> int:
    """Send task messages for these deliveries, in chunks; return how many were handed over.

    `reclaim_before`: the sweep's judgement that claims older than this belong to dead workers, so
    the worker may take over such a delivery. Stops at the first broker error (the rest is left for
    the sweep) and never raises. The sweep (`sweeping`) always tries; it is how recovery happens.
    """
    ids = list(delivery_ids)
    if not ids or (breaker.is_open() and not sweeping):
        return 0
    size = conf.get("DELIVERIES_PER_TASK")
    handed = []
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        try:
            # One quick retry (it revives a connection Redis dropped when it restarted), no more: a
            # down broker must not hold up the user's request; the sweep publishes it later.
            deliver.apply_async(
                args=[chunk], kwargs={"reclaim_before": reclaim_before.isoformat() if reclaim_before else None},
                retry=True, retry_policy=PUBLISH_RETRY, argsrepr=f"[{len(chunk)} deliveries from {chunk[0]}]",
            )
        except Exception as exc:  # noqa: BLE001  any broker failure: leave it to the sweep
            breaker.trip()
            logger.warning("Could not publish %d deliveries (the sweep will retry): %s", len(ids) - start, exc)
            break
        handed.extend(chunk)
        breaker.reset()
    return len(handed)


def republish(delivery_ids, *, reclaim_before=None) -> int:
    """The sweep's publishing of stale deliveries: restart their staleness clock when handed over."""
    ids = list(delivery_ids)
    handed = publish(ids, reclaim_before=reclaim_before, sweeping=True)
    if handed:
        update_by_ids(Delivery, ids[:handed], published_at=timezone.now())
    return handed
