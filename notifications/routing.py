"""Which channels a notification goes out on: one Delivery row per channel, written in the same
transaction as the notification, each with a unique key, so that nothing is decided twice.

    email    the recipient has an address and has not turned email off for this kind; held for
             the daily digest if they chose one (never for escalations)
    webhook  the group robot of each organisation the message concerns (for a role queue, one
             post per organisation, not one per holder), unless the recipient turned it off
"""

from dataclasses import dataclass

from django.db.models import BigIntegerField, BooleanField, CharField, Value
from django.utils import timezone

from core.orgs.models import RoleGrant
from notifications.bulk import insert_rows
from notifications.kinds import default_choice, may_digest
from notifications.models import (
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryState,
    EmailMode,
    Notification,
    WebhookEndpoint,
)


@dataclass(slots=True)
class Outgoing:
    """A notification just written, as routing needs it (the sweep never builds model instances)."""

    notification_id: int
    key: str
    kind: str
    recipient_id: int
    email: str
    # Organisations whose robots hear of it; None: every organisation where the recipient holds a role.
    organisation_ids: list[int] | None = None
    # Base of the webhook delivery key: the schedule row's key for a role queue, so that its
    # holders share one post per robot.
    webhook_key: str = ""

    @classmethod
    def of(cls, notification: Notification) -> "Outgoing":
        return cls(notification.pk, notification.key, notification.kind, notification.recipient_id,
                   notification.recipient.email)


def create_deliveries(outgoing: list[Outgoing], *, now=None) -> list[int]:
    """Write the deliveries of `outgoing` (idempotent on their keys); return the ids to publish.

    A pending delivery starts with `published_at` = now: if the publish after commit never happens
    (the process died, the broker is down), the sweep sees it as stale after STALE_AFTER, as if it
    had been published and lost.
    """
    now = now or timezone.now()
    if not outgoing:
        return []
    prefs, robot_of = _preferences_and_robots(outgoing)
    endpoints = _endpoints(outgoing, robot_of, now)
    rows = []
    for out in outgoing:
        email_mode, webhook_on = prefs.get((out.recipient_id, out.kind)) or default_choice(out.kind)
        if email_mode != EmailMode.OFF and out.email:
            held = email_mode == EmailMode.DIGEST and may_digest(out.kind)
            rows.append(_row(out, f"{out.key}:{Channel.EMAIL}", Channel.EMAIL, None, held, now))
        if webhook_on:
            for endpoint_id in endpoints.get(id(out), ()):
                key = f"{out.webhook_key or out.key}:{Channel.WEBHOOK}:{endpoint_id}"
                rows.append(_row(out, key, Channel.WEBHOOK, endpoint_id, False, now))
    ids = insert_rows(Delivery, rows)
    pending = [row for row in rows if row["state"] == DeliveryState.PENDING]
    # dict.fromkeys: a queue's holders share one robot delivery; publish it once.
    return list(dict.fromkeys(ids[row["key"]] for row in pending))


def _row(out: Outgoing, key: str, channel: str, endpoint_id, held: bool, now) -> dict:
    return {
        "key": key,
        "channel": channel,
        "notification_id": out.notification_id,
        "recipient_id": out.recipient_id,
        "endpoint_id": endpoint_id,
        "state": DeliveryState.HELD if held else DeliveryState.PENDING,
        "created_at": now,
        "available_at": now,
        "published_at": None if held else now,
    }


def _preferences_and_robots(outgoing):
    """The recipients' channel choices for these kinds, {(user, kind): (email, webhook)}, and the
    active robots, {organisation: endpoint}: one statement, as every notification needs both."""
    users = {out.recipient_id for out in outgoing}
    kinds = {out.kind for out in outgoing}
    choices = ChannelPreference.objects.filter(user_id__in=users, kind__in=kinds).order_by().values_list(
        "user_id", "kind", "email", "webhook", Value(None, output_field=BigIntegerField())
    )
    robots = WebhookEndpoint.objects.filter(is_active=True).order_by().values_list(
        "organisation_id", Value(None, output_field=CharField()), Value(None, output_field=CharField()),
        Value(None, output_field=BooleanField()), "pk",
    )
    prefs, robot_of = {}, {}
    for owner, kind, email, webhook, endpoint in choices.union(robots, all=True):
        if kind is None:
            robot_of[owner] = endpoint
        else:
            prefs[(owner, kind)] = (email, webhook)
    return prefs, robot_of


def _endpoints(outgoing, robot_of, now) -> dict[int, list[int]]:
    """id(outgoing) → ids of the active robots (`robot_of`: organisation → robot) it goes to."""
    if not robot_of:
        return {}
    need_grants = {out.recipient_id for out in outgoing if out.organisation_ids is None}
    orgs_of_user: dict[int, set[int]] = {}
    if need_grants:
        grants = RoleGrant.objects.active(now).filter(user_id__in=need_grants, organisation_id__in=list(robot_of))
        for user_id, org_id in grants.values_list("user_id", "organisation_id"):
            orgs_of_user.setdefault(user_id, set()).add(org_id)
    result = {}
    for out in outgoing:
        org_ids = out.organisation_ids
        if org_ids is None:
            org_ids = orgs_of_user.get(out.recipient_id, ())
        robots = sorted({robot_of[o] for o in org_ids if o in robot_of})
        if robots:
            result[id(out)] = robots
    return result
