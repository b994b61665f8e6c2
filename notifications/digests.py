"""Daily digests: emails held for people who chose a digest go out as one email per person at
DIGEST_AT (08:30) on working days.

The sweep builds them: on a working day from DIGEST_AT on, each person with held emails written
before today's DIGEST_AT gets a digest delivery keyed "digest:<user>:<date>" (unique, so two sweeps
build one), and their held deliveries are attached to it while it is still pending (under its row
lock, so none is attached after a worker has read the list). The worker sends the digest and marks
exactly the attached ones sent. A held email written after DIGEST_AT waits for the next working
day's digest. Escalations are never held (routing).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar as workcal
from core.incidents.services import raise_incident
from notifications import conf
from notifications.bulk import insert_rows
from notifications.models import Channel, Delivery, DeliveryState
from notifications.publishing import publish_on_commit

logger = logging.getLogger(__name__)

CALENDAR_INCIDENT_KIND = "notifications.digest_calendar_missing"


def digest_key(user_id: int, day: datetime.date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


def build_digests(*, now: datetime.datetime) -> int:
    """Build (once) today's digests if it is time; return how many got members and were published."""
    zone = timezone.get_default_timezone()
    local = timezone.localtime(now, zone)
    at = conf.get("DIGEST_AT")
    if local.time() < at:
        return 0
    try:
        if not workcal.is_working_day(local.date()):
            return 0
    except workcal.CalendarYearMissing as exc:
        raise_incident(
            kind=CALENDAR_INCIDENT_KIND,
            key=str(exc.year),
            title=_("缺少%(year)s年工作日历，每日摘要暂停发送") % {"year": exc.year},
            detail=str(exc),
        )
        return 0
    cutoff = datetime.datetime.combine(local.date(), at, tzinfo=zone)
    return _build(local.date(), cutoff)


def _held_before(cutoff):
    return Delivery.objects.filter(state=DeliveryState.HELD, bundle__isnull=True, created_at__lt=cutoff)


@transaction.atomic
def _build(day, cutoff) -> int:
    users = sorted(set(_held_before(cutoff).values_list("recipient_id", flat=True)))
    if not users:
        return 0
    written = timezone.now()
    insert_rows(
        Delivery,
        [
            {"key": digest_key(user, day), "channel": Channel.DIGEST, "recipient_id": user, "created_at": written,
             "available_at": written, "published_at": written}
            for user in users
        ],
    )
    # Only a digest nobody has started sending may take new members.
    open_digests = Delivery.objects.select_for_update().filter(
        key__in=[digest_key(user, day) for user in users], state=DeliveryState.PENDING
    )
    published = []
    for digest in open_digests:
        if _held_before(cutoff).filter(recipient_id=digest.recipient_id).update(bundle=digest):
            published.append(digest.pk)  # a second message for a digest already queued is harmless
    publish_on_commit(published, sweeping=True)
    return len(published)
