"""The envelope every act runs in: one transaction with its errors mapped (`service`), the item
or task loaded under scope and locked once, NOWAIT (`load_item`, `lock_item`, `open_task`), and
in whose name the act is done (`acting_for`, `acting_organisation_id`). The rules of who sees and
who acts are workflows.engine.access; every service of every feature builds on this module."""

from contextvars import ContextVar
from functools import wraps

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django_fsm import ConcurrentTransition
from viewflow.workflow.models import Task

from core.orgs.models import Organisation, ParticipationReason
from workflows.engine import assignment
from workflows.engine.access import check_actor, visible
from workflows.engine.exceptions import Busy, NotFound, StaleState, TaskClosed
from workflows.engine.locking import is_lock_failure, lock_row, lock_task
from workflows.engine.models import OPEN, Item, item_of_process

# How many service calls are running in this context: a refusal's report is written by the
# outermost one only, after its rollback (an inner one's writes would be rolled back with it).
_depth = ContextVar("service_depth", default=0)


def service(function):
    """One transaction per call; a concurrent change or a held lock becomes a Conflict (409). A
    refusal that must be reported (an incident: `report_after_rollback` on the ValidationError)
    is reported once the call's own writes are rolled back."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        depth = _depth.set(_depth.get() + 1)
        try:
            with transaction.atomic():
                return function(*args, **kwargs)
        except ValidationError as exc:
            report = getattr(exc, "report_after_rollback", None)
            if report is not None and _depth.get() == 1:
                report()
            raise
        except Busy as exc:
            # Some checks can only run once the transaction that failed to lock is rolled back.
            if exc.check_after_rollback is not None:
                exc.check_after_rollback()
            raise
        except ConcurrentTransition as exc:
            raise StaleState() from exc
        except OperationalError as exc:
            if is_lock_failure(exc):
                raise Busy() from exc
            raise
        finally:
            _depth.reset(depth)

    return wrapper


def pk_of(obj) -> int:
    return obj.pk if hasattr(obj, "pk") else int(obj)


def org_ref(organisation_id):
    """A reference to an organisation by key, for rows that store only the key (no query)."""
    return Organisation(pk=organisation_id) if organisation_id else None


def load_item(item_ref, by) -> Item:
    """The item, unlocked, if `by` may see it (its submitter always may)."""
    try:
        item = Item.objects.get(pk=pk_of(item_ref)).as_kind()
    except Item.DoesNotExist:
        raise NotFound() from None
    if item.submitter_id != by.pk and not visible(by, item):
        raise NotFound()
    return item


def lock_item(item_ref, by) -> Item:
    """The item, its row locked (one NOWAIT attempt), if `by` may see it."""
    item = load_item(item_ref, by)
    return lock_row(Item, item.pk).as_kind()


def open_task(task_ref, by, *, delegation: str | None = None):
    """(task, item) for `by` to act on: the task locked and loaded in one statement (one NOWAIT
    attempt), then checked (404/403). Acting on a closed task is a Conflict (409). When the lock
    is held, the task is read without it, so that someone who may not see it still gets 404,
    not 409. `delegation`: see check_actor."""
    pk = pk_of(task_ref)
    try:
        # Whether `by` is in the task's queue comes with the task: one statement, not two.
        task = lock_task(Task, pk, annotate={"by_queued": assignment.queue_member(by)})
    except Task.DoesNotExist:
        raise NotFound() from None
    except Busy as exc:
        # The failed NOWAIT aborted the transaction: the 404 check runs after its rollback.
        exc.check_after_rollback = lambda: _check_visible_task(pk, by)
        raise
    if task.process.artifact_object_id is None:
        raise NotFound()
    item = item_of_process(task.process)
    if task.status not in OPEN:
        if not visible(by, item):
            raise NotFound()
        raise TaskClosed()
    task.acting_for_user = check_actor(by, task, item, queued=task.by_queued, delegation=delegation)
    return task, item


def _check_visible_task(pk, by) -> None:
    """NotFound unless `by` may see the task's item (read without the lock another act holds)."""
    task = Task.objects.select_related("process").filter(pk=pk).first()
    if task is None or task.process.artifact_object_id is None:
        raise NotFound()
    load_item(task.process.artifact_object_id, by)


def handler(task, by):
    """Whose task it is after `by` takes it: the principal when a proxy acts, else `by`."""
    return acting_for(task) or by


def note_proxy(task, by, item) -> None:
    """A proxy who acts keeps seeing the item afterwards (what they did in someone's name);
    one statement, on the proxy path only."""
    if acting_for(task) is not None:
        assignment.add_participant(user=by, item=item, reason=ParticipationReason.PROXY)


def acting_for(task):
    """The person on whose behalf `by` acts on this task (a proxy acting for its handler, 委托),
    or None when `by` acts in their own name. open_task marks the task; every record_event of an
    act on a task passes this as `acting_for`, so the audit says "A acting for B"."""
    return getattr(task, "acting_for_user", None)


def acting_organisation_id(task, item):
    """The organisation in whose name the task is done: its queue's, or the submitter's own."""
    queue = assignment.queue_of(task)
    if queue is not None:
        return queue[1]
    if task.owner_id == item.submitter_id:
        return item.organisation_id
    return None
