"""Tunables of delivery and the sweep, read from Django settings (NOTIFICATIONS_<NAME>) with the
defaults below. Functions, not constants, so tests and worker settings can override them."""

import datetime

from django.conf import settings

DEFAULTS = {
    # A delivery published this long ago (or never) and still pending is published again.
    "STALE_AFTER": datetime.timedelta(minutes=2),
    # Longer than a delivery task's hard time limit: a claim older than this belongs to a dead
    # process, so the sweep hands the delivery to another worker.
    "SENDING_LEASE": datetime.timedelta(minutes=3),
    "DELIVERY_TIME_LIMIT": 90,  # seconds, hard; the soft limit is 2/3 of it
    "DELIVERIES_PER_TASK": 100,
    "SWEEP_BATCH": 1000,
    # The sweep stops taking new batches after this long; the next minute's sweep goes on.
    "SWEEP_TIME_BUDGET": datetime.timedelta(seconds=40),
    "REPUBLISH_LIMIT": 5000,
    # After a failed publish, a process leaves publishing to the sweep for this long.
    "BROKER_DOWN_PAUSE": datetime.timedelta(seconds=5),
    "MAX_ATTEMPTS": 5,
    "BACKOFF_BASE": datetime.timedelta(seconds=30),
    "BACKOFF_MAX": datetime.timedelta(minutes=5),  # DESIGN: no countdown longer than a few minutes
    "DIGEST_AT": datetime.time(8, 30),
    "WEBHOOK_TIMEOUT": 10,  # seconds
}


def get(name: str):
    return getattr(settings, f"NOTIFICATIONS_{name}", DEFAULTS[name])


def site_url() -> str:
    """Where links in emails and robot messages point (links in the outbox are site-relative)."""
    return getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")
