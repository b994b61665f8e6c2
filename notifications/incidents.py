"""Admins retry a failed delivery from the incident admin: this handler sends it once more, now.

It raises if that attempt fails too, so the incident stays open with the new error."""

from django.utils import timezone

from notifications import conf, delivering
from notifications.models import Delivery, DeliveryState


def retry_failed_delivery(incident) -> None:
    pk = (incident.payload or {}).get("delivery")
    delivery = Delivery.objects.filter(pk=pk).first()
    if delivery is None:
        raise LookupError(f"delivery {pk} no longer exists")
    if delivery.state == DeliveryState.SENT:
        return
    # One more attempt, the last: on failure it is recorded as failed again.
    Delivery.objects.filter(pk=pk).update(
        state=DeliveryState.PENDING, attempts=conf.get("MAX_ATTEMPTS") - 1, available_at=timezone.now()
    )
    delivering.deliver([pk])
    delivery.refresh_from_db()
    if delivery.state != DeliveryState.SENT:
        raise RuntimeError(delivery.last_error or f"delivery {pk} is {delivery.state}")
