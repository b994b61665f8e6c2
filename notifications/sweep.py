"""The sweep: this module's beat task, every minute, at `now`.

1. What is due: pending schedule rows with due_at <= now, through the partial index
   schedule_due_pending, oldest first, claimed in batches (SELECT … FOR UPDATE SKIP LOCKED on
   PostgreSQL, so two sweeps at once take different rows; on SQLite, IMMEDIATE transactions
   serialise them). Each row is recorded once: in one transaction it becomes its notifications
   (role@organisation: one per active holder), their deliveries, and state "sent"; the unique
   keys of notifications and deliveries make a second recording impossible even without locks.
   After downtime only the latest due stage per series and audience goes out; earlier ones are
   marked skipped (an overdue task gets its escalation and a "due today", not "due in 3 days").
   The cost follows what is due, not how many rows are open.
2. Daily digests at DIGEST_AT on working days (notifications.digests).
3. Republish deliveries left unpublished or unsent (broker down, worker died).
"""

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from core.orgs.models import Organisation, RoleGrant
from notifications import conf
from notifications.bulk import insert_rows, update_by_ids
from notifications.digests import build_digests
from notifications.kinds import DUE_TODAY, ESCALATION, REMINDER
from notifications.models import (
    Delivery,
    DeliveryState,
    Notification,
    OutboxState,
    ScheduledReminder,
    ScheduleKind,
    ScheduleState,
)
from notifications.publishing import publish_on_commit, republish
from notifications.routing import Outgoing, create_deliveries

logger = logging.getLogger(__name__)

NOTIFICATION_KEY_MAX = 200


@dataclass
class SweepResult:
    due: int = 0
    sent: int = 0
    skipped: int = 0
    notifications: int = 0
    deliveries: int = 0
    digests: int = 0
    republished: int = 0
    batches: int = 0


def sweep(*, now: datetime.datetime, batch_size: int | None = None) -> SweepResult:
    result = SweepResult()
    batch_size = batch_size or conf.get("SWEEP_BATCH")
    budget = conf.get("SWEEP_TIME_BUDGET").total_seconds()
    started = time.monotonic()
    while True:
        taken = _sweep_batch(now=now, batch_size=batch_size, result=result)
        if taken < batch_size or time.monotonic() - started > budget:
            break
    result.digests = build_digests(now=now)
    result.republished = republish_stale(now=now)
    return result


def _sweep_batch(*, now, batch_size, result) -> int:
    lock = {"skip_locked": True, "of": ("self",)} if connection.features.has_select_for_update_skip_locked else {}
    with transaction.atomic():
        rows = list(due(now).select_for_update(**lock)[:batch_size])
        if not rows:
            return 0
        result.batches += 1
        result.due += len(rows)
        latest = _latest_due(rows, now)
        superseded = [row for row in rows if latest.get(_audience(row), row.due_at) > row.due_at]
        going = [row for row in rows if latest.get(_audience(row), row.due_at) <= row.due_at]
        outgoing = _record(going, now)
        delivery_ids = create_deliveries(outgoing)
        written = timezone.now()
        update_by_ids(ScheduledReminder, [r.pk for r in superseded], state=ScheduleState.SKIPPED, updated_at=written)
        update_by_ids(ScheduledReminder, [r.pk for r in going], state=ScheduleState.SENT, sent_at=written,
                      updated_at=written)
        publish_on_commit(delivery_ids, sweeping=True)
    result.sent += len(going)
    result.skipped += len(superseded)
    result.notifications += len(outgoing)
    result.deliveries += len(delivery_ids)
    return len(rows)


def due(now):
    """What is due at `now`, oldest first (index schedule_due_pending), with the person's address
    and standing (the join locks nothing: FOR UPDATE OF the schedule row only)."""
    return (
        ScheduledReminder.objects.filter(state=ScheduleState.PENDING, due_at__lte=now)
        .annotate(recipient_email=F("recipient__email"), recipient_active=F("recipient__is_active"))
        .order_by("due_at")
    )


def _audience(row) -> tuple:
    """Who a row speaks to within its series: a person, or a role at an organisation."""
    if row.recipient_id is not None:
        return (row.series, row.recipient_id, "", None)
    return (row.series, None, row.role, row.organisation_id)


def _latest_due(rows, now) -> dict:
    """For each audience of these rows: the latest stage due by now, sent or still pending."""
    latest = {}
    found = (
        ScheduledReminder.objects.filter(
            series__in={row.series for row in rows},
            due_at__lte=now,
            state__in=[ScheduleState.PENDING, ScheduleState.SENT],
        )
        .values("series", "recipient_id", "role", "organisation_id")
        .annotate(latest=Max("due_at"))
        .order_by()
    )
    for group in found:
        if group["recipient_id"] is not None:
            audience = (group["series"], group["recipient_id"], "", None)
        else:
            audience = (group["series"], None, group["role"], group["organisation_id"])
        if audience not in latest or group["latest"] > latest[audience]:
            latest[audience] = group["latest"]
    return latest


def _record(rows, now) -> list[Outgoing]:
    """The notifications of these rows, written once (idempotent on their keys)."""
    people = _recipients(rows, now)
    queue_names = dict(
        Organisation.objects.filter(pk__in={r.organisation_id for r in rows if r.recipient_id is None})
        .values_list("pk", "name")
    )
    written = timezone.now()
    records, outgoing = [], []
    for row in rows:
        for user_id, email in people.get(row.pk, ()):
            record = _notification(row, user_id, queue_names, written)
            records.append(record)
            outgoing.append(
                Outgoing(
                    notification_id=0,
                    key=record["key"],
                    kind=record["kind"],
                    recipient_id=user_id,
                    email=email,
                    organisation_ids=[row.organisation_id] if row.organisation_id else None,
                    webhook_key=row.key if row.recipient_id is None else "",
                )
            )
    ids = insert_rows(Notification, records)
    for out in outgoing:
        out.notification_id = ids[out.key]
    return outgoing


def _recipients(rows, now) -> dict[int, list[tuple[int, str]]]:
    """row id → (user id, email) of the active people it goes to."""
    queues = {(r.role, r.organisation_id) for r in rows if r.recipient_id is None}
    holders: dict[tuple, list] = {}
    if queues:
        grants = (
            RoleGrant.objects.active(now)
            .filter(role__in={q[0] for q in queues}, organisation_id__in={q[1] for q in queues})
            .order_by("user_id")
            .values_list("role", "organisation_id", "user_id", "user__email")
        )
        for role, org_id, user_id, email in grants:
            holders.setdefault((role, org_id), []).append((user_id, email))
    result = {}
    for row in rows:
        if row.recipient_id is not None:
            result[row.pk] = [(row.recipient_id, row.recipient_email)] if row.recipient_active else []
        else:
            result[row.pk] = holders.get((row.role, row.organisation_id), [])
        if not result[row.pk]:
            logger.warning("Schedule row %s is due but has nobody to go to", row.key)
    return result


def message_kind(row) -> str:
    if row.kind == ScheduleKind.ESCALATION:
        return ESCALATION
    return DUE_TODAY if row.offset_days == 0 else REMINDER


def notification_key(schedule_key: str, user_id: int) -> str:
    """"<schedule key>:u<user id>", shortened with a hash if it would not fit."""
    suffix = f":u{user_id}"
    key = schedule_key + suffix
    if len(key) <= NOTIFICATION_KEY_MAX:
        return key
    digest = hashlib.sha256(schedule_key.encode()).hexdigest()[:16]
    return schedule_key[: NOTIFICATION_KEY_MAX - len(suffix) - 17] + "~" + digest + suffix


def _notification(row, user_id, queue_names, written) -> dict:
    params = dict(row.params or {})
    params.update(schedule_key=row.key, offset_days=row.offset_days)
    if row.deadline is not None:
        params["deadline"] = row.deadline.isoformat()
    if row.recipient_id is None:
        params.update(queue_role=row.role, queue_organisation=queue_names.get(row.organisation_id, ""))
    return {
        "key": notification_key(row.key, user_id),
        "kind": message_kind(row),
        "recipient_id": user_id,
        "params": params,
        "target_type_id": row.target_type_id,
        "target_id": row.target_id,
        "link": row.link,
        "created_at": written,
        "state": OutboxState.PUBLISHED,  # routed into its deliveries in this transaction
        "published_at": written,
    }


def republish_stale(*, now) -> int:
    """Publish again what should have been sent by now: pending deliveries published (or created)
    longer than STALE_AFTER ago, and deliveries claimed longer than SENDING_LEASE ago by a worker
    that must have died; each at most once per STALE_AFTER, so a backlog is not flooded with
    copies. Duplicated task messages are harmless: each row is claimed once."""
    stale = now - conf.get("STALE_AFTER")
    lease_cut = now - conf.get("SENDING_LEASE")
    limit = conf.get("REPUBLISH_LIMIT")
    waiting = Delivery.objects.filter(state=DeliveryState.PENDING, available_at__lte=stale)
    waiting = waiting.exclude(published_at__gt=stale).order_by("available_at").values_list("pk", flat=True)[:limit]
    abandoned = (
        Delivery.objects.filter(state=DeliveryState.SENDING, claimed_at__lte=lease_cut)
        .exclude(published_at__gt=stale)
        .order_by("claimed_at")
        .values_list("pk", flat=True)[:limit]
    )
    return republish(list(waiting)) + republish(list(abandoned), reclaim_before=lease_cut)
