"""The inbox: every notification is in its recipient's inbox from the moment its action commits.

Selectors and services for the bell and the inbox pages and API (built on top of these). A person
only ever sees and marks their own notifications; anyone else's id answers DoesNotExist (404).
"""

from django.db import transaction
from django.utils import timezone

from notifications.models import Notification


def inbox(*, user):
    """The user's notifications, newest first (index outbox_inbox)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    """The bell's number (index outbox_unread)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@transaction.atomic
def mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (idempotent: the first reading time stays)."""
    notification = inbox(user=user).select_for_update().get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; return how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
