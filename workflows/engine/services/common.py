"""What every engine service shares: the transaction and error mapping, loading under scope."""

from contextvars import ContextVar
from functools import wraps

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.orgs.models import Organisation, ParticipationReason
from core.orgs.scoping import scope
from workflows.engine import assignment, proxies
from workflows.engine.exceptions import Busy, InvalidState, NotAllowed, NotFound, StaleState, TaskClosed
from workflows.engine.handover import AS_DELEGATE, AS_HANDLER, delegation_of
from workflows.engine.locking import is_lock_failure, lock_row, lock_task
from workflows.engine.models import BaseStatus, Item

OPEN = (STATUS.NEW, STATUS.ASSIGNED)


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


# A draft (never submitted, or withdrawn and reopened for editing) is the school's own: only its
# own organisation's people and its submitter see it, until it is submitted.
PRIVATE_ITEMS = Q(status=BaseStatus.DRAFT)
PRIVATE_TO = (ParticipationReason.SUBMITTER,)


def scoped_items(user, queryset=None):
    """Items `user` may see: scope(), plus what their principals' open tasks need while they are
    someone's proxy (委托); drafts only at their own organisation and to their submitter."""
    queryset = Item.objects.all() if queryset is None else queryset
    also = proxies.proxied_items_q(user) if user and user.is_authenticated else None
    return scope(user, queryset, org_field="organisation", owner_field="owner_department", also=also,
                 private=PRIVATE_ITEMS, private_reasons=PRIVATE_TO)


def visible(user, item) -> bool:
    return scoped_items(user, Item.objects.filter(pk=item.pk)).exists()


def refuse(user, item, message):
    """403 with `message` to someone who can see the item; 404 to anyone else."""
    if visible(user, item):
        raise NotAllowed(message)
    raise NotFound()


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


def item_of_process(process) -> Item:
    """The process's item as its kind, also put into the process's artifact cache."""
    # The organisations come along: assignment reads them for the next step, and its escalations
    # the owning department's head.
    item = (
        Item.objects.select_related("organisation", "owner_department__head")
        .get(pk=process.artifact_object_id)
        .as_kind()
    )
    process.artifact = item
    return item


def check_actor(by, task, item, *, queued: bool | None = None, delegation: str | None = None):
    """May `by` act on this open task? Its owner may; anyone in its queue may, except the
    submitter; and a proxy of either (委托). Returns the principal a proxy acts for, None for one's
    own right. Others get 403 if they can see the item, 404 if not. `queued`: whether `by` is in
    the task's queue, when the caller already knows. The own-right paths cost no statement.
    A delegated task (委派) is acted on only by whom `delegation` names: AS_DELEGATE (handing it
    back, also by the delegate's proxy, in whose 待办 it is) or AS_HANDLER (recalling it)."""
    delegated = delegation_of(task)
    if delegated is not None or delegation is not None:
        return _check_delegation(by, task, item, delegated, delegation)
    if task.owner_id is not None:
        if task.owner_id == by.pk:
            return None
        return _as_proxy(by, task, item, lambda: _("此待办已由%(name)s认领或指定由其办理。") % {"name": task.owner})
    if by.pk == item.submitter_id:
        refuse(by, item, _("不能审批自己提交的事项。"))
    if not (assignment.in_queue(by, task) if queued is None else queued):
        return _as_proxy(by, task, item, lambda: _("您不是此步骤的办理人。"))
    return None


def _check_delegation(by, task, item, delegated, delegation):
    """While a task is delegated its delegate may only hand it back and its handler only recall
    it; every other act waits (a decision is the handler's, after the delegate's opinion).
    Returns the delegate when `by` hands it back as their proxy (委托), else None."""
    if delegated is None:
        # Those who took part (a delegate who already handed it back) hear that it changed
        # meanwhile (409); anyone else that it is not theirs.
        if by.pk == task.owner_id or assignment.takes_part(by, item, reason=assignment.ASSIGNEE):
            raise InvalidState(_("此待办当前没有委派。"))
        refuse(by, item, _("您不是此步骤的办理人。"))
    principal = None
    if by.pk not in (delegated["delegate"], delegated["handler"]):
        # The task is the delegate's (its owner): their proxy may answer for them.
        principal = proxies.principal_for(by, task, item)
    if (principal.pk if principal is not None else by.pk) == delegated["delegate"]:
        if delegation != AS_DELEGATE:
            refuse(by, item, _("此待办是委派给您的：您只能填写意见后交回，由原办理人决定。"))
    elif by.pk == delegated["handler"]:
        if delegation != AS_HANDLER:
            refuse(by, item, _("此待办已委派给%(name)s，须待其交回后再办理，或先收回委派。") % {"name": task.owner})
    else:
        refuse(by, item, _("此待办已由%(name)s认领或指定由其办理。") % {"name": task.owner})
    return principal


def _as_proxy(by, task, item, message):
    """The principal `by` acts for on this task, or the refusal with `message()`."""
    principal = proxies.principal_for(by, task, item)
    if principal is None:
        refuse(by, item, message())
    return principal


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
