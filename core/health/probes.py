"""What /readyz reports: each dependency asked once, quickly, and answered as plain facts.

Every probe returns a Probe and never raises: one dependency down must not hide the others.
Errors are named by their exception class only, never by their text, which can hold a URL with
its password (a broker's, a database's)."""

import datetime
from dataclasses import dataclass, field

from django.db import DatabaseError, connection
from django.utils import timezone

# A periodic task counts as stopped once its next run is this much overdue (the issue's "no sweep
# for 5 minutes"). beat writes last_run_at to the database only every few minutes
# (DatabaseScheduler syncs every 3), which the grace covers.
GRACE = datetime.timedelta(minutes=5)
PING_TIMEOUT = 1.0
BROKER_TIMEOUT = 2.0


@dataclass
class Probe:
    ok: bool
    detail: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"ok": self.ok, **self.detail}


def _failed(exc: Exception) -> Probe:
    return Probe(False, {"error": type(exc).__name__})


def database() -> Probe:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return _failed(exc)
    return Probe(True)


def broker() -> Probe:
    from core.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
            conn.default_channel  # noqa: B018 - opening a channel is what publishing needs
    except Exception as exc:  # noqa: BLE001 - kombu raises many kinds; any of them means "down"
        return _failed(exc)
    return Probe(True)


def workers() -> Probe:
    """At least one Celery worker answers a ping through the broker."""
    from core.celery import app

    try:
        replies = app.control.ping(timeout=PING_TIMEOUT) or []
    except Exception as exc:  # noqa: BLE001 - the broker is down: no worker can be reached either
        return _failed(exc)
    names = sorted(name for reply in replies for name in reply)
    return Probe(bool(names), {"answered": len(names)})


def schedule(*, now: datetime.datetime | None = None) -> tuple[Probe, Probe]:
    """(beat, jobs): for every enabled periodic task, beat's last sending and a worker's last
    completion (Heartbeat) must be fresh. A task never sent or done yet is measured from when it
    was last configured (every migrate writes the app's schedule again), as beat itself does.

    Only tasks on an interval (the sweep and the timers, every minute) make a probe fail: they
    show within minutes whether beat and the workers run. A daily (crontab) run that was missed is
    listed under "missed" but fails nothing: beat does not catch such a run up (django-celery-beat
    loads only the crontab entries due around the current hour), so it stays missed until the
    next day's run, while beat and the workers may well be running again."""
    from django_celery_beat.models import PeriodicTask

    from core.health.models import Heartbeat

    now = now or timezone.now()
    try:
        tasks = list(PeriodicTask.objects.filter(enabled=True, clocked__isnull=True).select_related(
            "interval", "crontab", "solar").order_by("name"))
        done = dict(Heartbeat.objects.values_list("periodic_task_name", "last_done_at"))
    except DatabaseError as exc:
        return _failed(exc), _failed(exc)
    sent = {"late": [], "missed": []}
    finished = {"late": [], "missed": []}
    for task in tasks:
        bucket = "late" if task.interval_id else "missed"
        configured = task.date_changed or now
        if _overdue(task, since=max(filter(None, [task.last_run_at, configured])), now=now):
            sent[bucket].append(_late(task, since=task.last_run_at))
        if _overdue(task, since=max(filter(None, [done.get(task.name), configured])), now=now):
            finished[bucket].append(_late(task, since=done.get(task.name)))
    return (Probe(not sent["late"], {"tasks": len(tasks), **sent}),
            Probe(not finished["late"], {"tasks": len(tasks), **finished}))


def _overdue(task, *, since: datetime.datetime, now: datetime.datetime) -> bool:
    """More than GRACE past the run that should have followed `since`. (celery's
    remaining_estimate counts from the real clock, so that is where the due time is taken from;
    `now` may be a test's later moment.)"""
    due = timezone.now() + task.schedule.remaining_estimate(since)
    return now - due > GRACE


def _late(task, *, since) -> dict:
    return {"name": task.name, "task": task.task,
            "last": timezone.localtime(since).isoformat(timespec="seconds") if since else None}
