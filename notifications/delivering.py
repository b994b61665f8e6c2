"""The worker's side: claim deliveries, send them, record the outcome.

Claiming is a compare-and-set on the row (pending → sending, with the claimer's host and pid), done
under SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL: when the same task message arrives twice, or
two workers get the same ids, each row is sent by one of them. A row left "sending" by a process
that died is taken over when the claimer is known dead (same host, pid gone: a pool child killed
mid-task, its message redelivered by Celery) or when the sweep finds the claim older than the
sending lease (the whole worker died).

The window that can still send twice is between handing a message over and recording it as sent:
a crash there makes the message go out again on recovery. Emails then carry the same Message-ID and
robots the same Idempotency-Key.
"""

import datetime
import logging
import os
import random
import socket
from dataclasses import dataclass, field

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.incidents.services import raise_incident
from notifications import conf
from notifications.channels import DeliveryError
from notifications.channels import email as email_channel
from notifications.channels import webhook as webhook_channel
from notifications.models import Channel, Delivery, DeliveryState
from notifications.signals import after_handoff, before_handoff

logger = logging.getLogger(__name__)

INCIDENT_KIND = "notifications.delivery_failed"
ERROR_LIMIT = 2000


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    retry: dict[int, datetime.datetime] = field(default_factory=dict)  # id → available again at
    failed: list[int] = field(default_factory=list)
    skipped: int = 0  # not claimable: sent already, or someone else is sending it


def claimer_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claimer_dead(claimed_by: str) -> bool:
    host, _sep, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # e.g. EPERM: someone else's live process
        return False
    return False


def claim(ids, *, reclaim_before=None) -> list[Delivery]:
    """Take the claimable deliveries among `ids`: mark them sending, by this process."""
    now = timezone.now()
    lock = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
    with transaction.atomic():
        rows = Delivery.objects.select_for_update(**lock).filter(
            pk__in=list(ids), state__in=[DeliveryState.PENDING, DeliveryState.SENDING]
        ).only("pk", "state", "available_at", "claimed_at", "claimed_by")
        taken = [row.pk for row in rows if _claimable(row, now, reclaim_before)]
        if taken:
            Delivery.objects.filter(pk__in=taken).update(
                state=DeliveryState.SENDING, claimed_at=now, claimed_by=claimer_identity(), attempts=F("attempts") + 1
            )
    return list(
        Delivery.objects.filter(pk__in=taken).select_related(
            "recipient", "endpoint", "notification", "notification__recipient"
        ).order_by("pk")
    )


def _claimable(row, now, reclaim_before) -> bool:
    if row.state == DeliveryState.PENDING:
        return row.available_at <= now
    if reclaim_before is not None and row.claimed_at is not None and row.claimed_at <= reclaim_before:
        return True
    return _claimer_dead(row.claimed_by)


def deliver(ids, *, reclaim_before=None) -> Outcome:
    """Claim, send and record a batch of deliveries; never raises for a channel's failure."""
    outcome = Outcome()
    claimed = claim(ids, reclaim_before=reclaim_before)
    outcome.skipped = len(set(ids)) - len(claimed)
    errors: dict[int, DeliveryError] = {}
    done: list[Delivery] = []
    members: dict[int, list[int]] = {}
    try:
        # One activation of the site's language for the batch (rendering activates it per message
        # too, which is then cheap).
        with translation.override(settings.LANGUAGE_CODE):
            _send_all(claimed, done, errors, members)
    finally:
        # Record what happened, also when a time limit interrupted us: what was not attempted
        # goes back to pending at once, for the redelivered message or the sweep.
        _record(claimed, done, errors, members, outcome)
    return outcome


def _send_all(claimed, done, errors, members):
    mail = [d for d in claimed if d.channel in (Channel.EMAIL, Channel.DIGEST)]
    robots = [d for d in claimed if d.channel == Channel.WEBHOOK]
    if mail:
        with get_connection() as mailer:  # one connection (SMTP session) for the whole batch
            for delivery in mail:
                try:
                    if delivery.channel == Channel.DIGEST:
                        held = list(
                            Delivery.objects.filter(bundle=delivery, state=DeliveryState.HELD)
                            .select_related("notification", "notification__recipient")
                            .order_by("created_at", "pk")
                        )
                        members[delivery.pk] = [m.pk for m in held]
                        message = email_channel.build_digest(delivery, held) if held else None
                    else:
                        message = email_channel.build_message(delivery)
                    if message is not None:
                        _hand_off(delivery, lambda m=message: mailer.send_messages([m]))
                    done.append(delivery)
                except DeliveryError as exc:
                    errors[delivery.pk] = exc
                except SoftTimeLimitExceeded:
                    raise
                except Exception as exc:  # noqa: BLE001  an SMTP or rendering error fails this one only
                    errors[delivery.pk] = DeliveryError(f"{type(exc).__name__}: {exc}")
    for delivery in robots:
        try:
            _hand_off(delivery, lambda d=delivery: webhook_channel.post(d))
            done.append(delivery)
        except DeliveryError as exc:
            errors[delivery.pk] = exc


def _hand_off(delivery, send):
    before_handoff.send(sender=Delivery, delivery=delivery)
    send()
    after_handoff.send(sender=Delivery, delivery=delivery)


def _record(claimed, done, errors, members, outcome):
    now = timezone.now()
    sent_ids = [d.pk for d in done]
    if sent_ids:
        with transaction.atomic():
            Delivery.objects.filter(pk__in=sent_ids, state=DeliveryState.SENDING).update(
                state=DeliveryState.SENT, sent_at=now, last_error=""
            )
            bundled = [pk for d in done for pk in members.get(d.pk, ())]
            if bundled:
                Delivery.objects.filter(pk__in=bundled, state=DeliveryState.HELD).update(
                    state=DeliveryState.SENT, sent_at=now
                )
        outcome.sent.extend(sent_ids)
    finished = set(sent_ids) | set(errors)
    untried = [d.pk for d in claimed if d.pk not in finished]
    if untried:
        Delivery.objects.filter(pk__in=untried, state=DeliveryState.SENDING).update(
            state=DeliveryState.PENDING, attempts=F("attempts") - 1, available_at=now
        )
        for pk in untried:
            outcome.retry[pk] = now
    for delivery in claimed:
        if delivery.pk in errors:
            _record_failure(delivery, errors[delivery.pk], now, outcome)


def backoff(attempts: int) -> datetime.timedelta:
    """Exponential in the attempts made, capped, with jitter (half to all of the delay), so that
    deliveries that failed together do not all come back at the same second."""
    base = conf.get("BACKOFF_BASE").total_seconds()
    cap = conf.get("BACKOFF_MAX").total_seconds()
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return datetime.timedelta(seconds=random.uniform(delay / 2, delay))


def _record_failure(delivery, error: DeliveryError, now, outcome):
    text = str(error)[:ERROR_LIMIT]
    attempts = delivery.attempts  # the claim counted this attempt
    if error.permanent or attempts >= conf.get("MAX_ATTEMPTS"):
        with transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING).update(
                state=DeliveryState.FAILED, last_error=text
            )
            raise_incident(
                kind=INCIDENT_KIND,
                key=f"delivery:{delivery.pk}",
                title=_("通知投递失败：%(channel)s → %(user)s")
                % {"channel": delivery.get_channel_display(), "user": delivery.recipient},
                detail=_("投递 %(key)s 尝试 %(n)s 次后失败：%(error)s") % {"key": delivery.key, "n": attempts, "error": text},
                payload={"delivery": delivery.pk},
            )
        outcome.failed.append(delivery.pk)
        logger.warning("Delivery %s failed for good after %s attempts: %s", delivery.key, attempts, text)
        return
    again = now + backoff(attempts)
    Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING).update(
        state=DeliveryState.PENDING, available_at=again, last_error=text
    )
    outcome.retry[delivery.pk] = again
    logger.info("Delivery %s failed (attempt %s), again at %s: %s", delivery.key, attempts, again, text)
