"""The one lock every flow uses: a single NOWAIT attempt on the process row, never a retry.

viewflow's default SelectForUpdateLock sleeps and retries five times; here a second person acting
on a busy process is told at once (Busy → HTTP 409) and nobody waits seconds. The FSM's
compare-and-set on the item (ConcurrentTransitionMixin) is the second guard, and the only one on
SQLite, where FOR UPDATE does not exist and IMMEDIATE transactions serialise writers instead.

`attempts` counts lock attempts in this OS process, so tests can prove there were no retries.
"""

from contextlib import contextmanager

from django.db import OperationalError, connection, transaction

from workflows.engine.exceptions import Busy

# PostgreSQL's lock_not_available: raised by NOWAIT and by an expired `SET LOCAL lock_timeout`.
LOCK_NOT_AVAILABLE = "55P03"


class LockStats:
    attempts = 0


def is_lock_failure(exc: BaseException) -> bool:
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    return "database is locked" in str(exc)  # SQLite's busy timeout ran out


def _locked(queryset):
    """Evaluate a FOR UPDATE NOWAIT query once; a held lock becomes Busy."""
    LockStats.attempts += 1
    try:
        return queryset.get()
    except OperationalError as exc:
        if is_lock_failure(exc):
            raise Busy() from exc
        raise


def lock_process(process_model, process_pk):
    _locked(process_model._default_manager.filter(pk=process_pk).select_for_update(nowait=True).values("pk"))


def lock_task(task_model, task_pk, *, annotate=None):
    """The task with its process, the process row locked: lock and load in one statement.
    `annotate`: expressions read in the same statement (e.g. whether the actor may pick it)."""
    queryset = task_model._default_manager.filter(pk=task_pk).select_related("process")
    if annotate:
        queryset = queryset.annotate(**annotate)
    return _locked(queryset.select_for_update(nowait=True, of=("process",)))


def lock_row(model, pk):
    """The same single attempt on any row (an item that has no process yet)."""
    return _locked(model._default_manager.filter(pk=pk).select_for_update(nowait=True))


def lock_processes(process_model, pks) -> None:
    """One NOWAIT attempt on several processes in one statement, in key order (a list act)."""
    LockStats.attempts += 1
    queryset = process_model._default_manager.filter(pk__in=list(pks)).order_by("pk").select_for_update(nowait=True)
    try:
        list(queryset.values_list("pk", flat=True))
    except OperationalError as exc:
        if is_lock_failure(exc):
            raise Busy() from exc
        raise


def lock_waiting(queryset, *, timeout: str, busy_message=None):
    """Lock the one row of `queryset`, waiting at most `timeout` (PostgreSQL), then Busy.

    For a row that many short acts queue on (a campaign's quota, a parent process collecting
    its children): they serialise instead of failing. SET LOCAL inside a (sub)transaction: a
    failure rolls the setting back with it, success restores the caller's value, so the
    caller's own locks keep their behaviour. SQLite has no row locks; IMMEDIATE serialises.
    """
    if connection.vendor != "postgresql":
        return queryset.select_for_update().get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [timeout])
    LockStats.attempts += 1
    try:
        locked = queryset.select_for_update().get()
    except OperationalError as exc:
        if is_lock_failure(exc):
            raise Busy(busy_message) from exc
        raise
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    return locked


class NoWaitLock:
    """viewflow `lock_impl`: used by viewflow's own paths (starting a process, firing timers)."""

    @contextmanager
    def __call__(self, flow_class, process_pk):
        # No savepoint when nested in a service's transaction: a failure propagates and rolls
        # the whole act back anyway, and the hot path saves two statements.
        with transaction.atomic(savepoint=False):
            lock_process(flow_class.process_class, process_pk)
            yield


nowait_lock = NoWaitLock()
