"""Which channels a notification goes out on: one Delivery row per channel, written in the same
transaction as the notification, each with a unique key, so that nothing is decided twice.

    email    the recipient has an address and has not turned email off for this kind; held for
             the daily digest if they chose one (never for escalations)
    webhook  the group robot of each organisation the message concerns (for a role queue, one
             post per organisation, not one per holder), unless the recipient turned it off
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from core.orgs.models import RoleGrant
from notifications.models import (
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryState,
    EmailMode,
    Notification,
    OutboxState,
    WebhookEndpoint,
)
from notifications.models.preferences import NEVER_DIGESTED

KEY_CHUNK = 1000


@dataclass
class Outgoing:
    notification: Notification
    # Organisations whose robots hear of it; None: every organisation where the recipient holds a role.
    organisation_ids: list[int] | None = None
    # Base of the webhook delivery key: the schedule row's key for a role queue, so that its
    # holders share one post per robot.
    webhook_key: str = ""


def create_deliveries(outgoing: list[Outgoing], *, now=None) -> list[int]:
    """Write the deliveries of `outgoing` (idempotent on their keys); return the ids to publish.

    Notifications with nothing to publish are marked published at once: the inbox is their channel.
    """
    now = now or timezone.now()
    if not outgoing:
        return []
    prefs = _preferences(outgoing)
    endpoints = _endpoints(outgoing, now)
    rows = []
    for out in outgoing:
        n = out.notification
        email_mode, webhook_on = prefs.get((n.recipient_id, n.kind), (EmailMode.INSTANT, True))
        if email_mode != EmailMode.OFF and n.recipient.email:
            held = email_mode == EmailMode.DIGEST and n.kind not in NEVER_DIGESTED
            rows.append(
                Delivery(
                    key=f"{n.key}:{Channel.EMAIL}",
                    channel=Channel.EMAIL,
                    notification=n,
                    recipient_id=n.recipient_id,
                    state=DeliveryState.HELD if held else DeliveryState.PENDING,
                    created_at=now,
                    available_at=now,
                )
            )
        if webhook_on:
            for endpoint_id in endpoints.get(id(out), ()):
                rows.append(
                    Delivery(
                        key=f"{out.webhook_key or n.key}:{Channel.WEBHOOK}:{endpoint_id}",
                        channel=Channel.WEBHOOK,
                        notification=n,
                        recipient_id=n.recipient_id,
                        endpoint_id=endpoint_id,
                        created_at=now,
                        available_at=now,
                    )
                )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=KEY_CHUNK)
    keys = [row.key for row in rows if row.state == DeliveryState.PENDING]
    ids = []
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start:start + KEY_CHUNK]
        ids.extend(Delivery.objects.filter(key__in=chunk, state=DeliveryState.PENDING).values_list("id", flat=True))
    with_pending = {row.notification.pk for row in rows if row.state == DeliveryState.PENDING}
    quiet = [out.notification.pk for out in outgoing if out.notification.pk not in with_pending]
    if quiet:
        Notification.objects.filter(pk__in=quiet, state=OutboxState.PENDING).update(
            state=OutboxState.PUBLISHED, published_at=now
        )
    return ids


def _preferences(outgoing):
    users = {out.notification.recipient_id for out in outgoing}
    kinds = {out.notification.kind for out in outgoing}
    rows = ChannelPreference.objects.filter(user_id__in=users, kind__in=kinds).values_list(
        "user_id", "kind", "email", "webhook"
    )
    return {(user, kind): (email, webhook) for user, kind, email, webhook in rows}


def _endpoints(outgoing, now) -> dict[int, list[int]]:
    """id(outgoing) → ids of the active robots it goes to."""
    active = WebhookEndpoint.objects.filter(is_active=True)
    robot_of = dict(active.values_list("organisation_id", "pk"))
    if not robot_of:
        return {}
    need_grants = {out.notification.recipient_id for out in outgoing if out.organisation_ids is None}
    orgs_of_user: dict[int, set[int]] = {}
    if need_grants:
        grants = RoleGrant.objects.active(now).filter(
            Q(user_id__in=need_grants), organisation_id__in=list(robot_of)
        ).values_list("user_id", "organisation_id")
        for user_id, org_id in grants:
            orgs_of_user.setdefault(user_id, set()).add(org_id)
    result = {}
    for out in outgoing:
        org_ids = out.organisation_ids
        if org_ids is None:
            org_ids = orgs_of_user.get(out.notification.recipient_id, ())
        robots = sorted({robot_of[o] for o in org_ids if o in robot_of})
        if robots:
            result[id(out)] = robots
    return result
