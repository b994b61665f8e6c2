"""The timeout dispatcher: viewflow's fire_due_timers() as of a given moment, every minute.

`fire_timers(now=...)` fires the timeouts due at `now` (workflows.engine.deadlines.timeouts). viewflow's
fire_due_timers() reads the clock once, through its module's `timezone.now()`, to pick the due
timer tasks; to ask it "what is due at `now`" we lend that module a clock stopped at `now` for the
length of the call, under a lock so that two calls in one process never see each other's clock.
Nothing else reads that clock: the timer rows and the audit events still carry the real time.
Beat passes no `now`, and viewflow's function then runs untouched. This keeps one dispatcher
(viewflow's: per-task flow lock, a busy process skipped until the next run, one broken flow not
blocking the others) instead of a copy of it that could drift.

The django-celery-beat entry is written after every migrate (and after a test flush, which also
sends post_migrate), idempotently.
"""

import threading
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from viewflow.workflow import timers

from core.periodic import ensure_every_minute

TASK_NAME = "workflows.fire_timers"
PERIODIC_TASK_NAME = "审批流程：超期自动处理（每分钟）"

_dispatching = threading.Lock()


class _StoppedClock:
    """Stands in for django.utils.timezone inside viewflow's timers module: now() is fixed."""

    def __init__(self, moment):
        self._moment = moment

    def now(self):
        return self._moment

    def __getattr__(self, name):
        return getattr(timezone, name)


@contextmanager
def _viewflow_clock_at(moment):
    if moment is None:
        yield
        return
    timers.timezone = _StoppedClock(moment)
    try:
        yield
    finally:
        timers.timezone = timezone


def fire_timers(*, now=None) -> int:
    """Fire every timeout due at `now` (default: the clock). Returns how many fired."""
    if now is not None and timezone.is_naive(now):
        raise ValueError("fire_timers needs an aware datetime")
    with _dispatching, _viewflow_clock_at(now):
        return timers.fire_due_timers()


def ensure_timer_schedule(*, using: str = DEFAULT_DB_ALIAS):
    return ensure_every_minute(name=PERIODIC_TASK_NAME, task=TASK_NAME, using=using)


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    ensure_timer_schedule(using=using)
