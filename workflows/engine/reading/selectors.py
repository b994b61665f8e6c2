"""Reading tasks and items for a user, always through scope. Each listing costs a fixed number of
queries however many rows it returns (tests/workflows/engine/test_selectors.py counts them)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import role_at
from workflows.engine.access import check_actor, scoped_items, visible
from workflows.engine.assignment import queue_filter
from workflows.engine.carbon_copy import rules as carbon_copy
from workflows.engine.exceptions import NotFound, TaskClosed
from workflows.engine.handover import rules as handover
from workflows.engine.models import OPEN, Attachment, Item, item_of_process
from workflows.engine.proxies.rules import own_organisations, principals_of

HUMAN = "HUMAN"


@dataclass
class TaskEntry:
    """One row of 待办: the task, its item (as its kind) and whether it is already yours."""

    task: Task
    item: Item
    claimed: bool

    @property
    def step(self):
        return self.task.flow_task

    @property
    def title(self) -> str:
        return str(self.task.flow_task.task_title)

    @property
    def acting_for(self):
        """The principal whose task this is, when it is someone else's: you act as their proxy (委托)."""
        return self.task.owner if self.task.owner_id and not self.claimed else None


def visible_items(user, queryset=None):
    """Items `user` may see (their organisation subtree, their department's, what they take part in)."""
    return scoped_items(user, queryset)


def get_item_for(user, pk) -> Item:
    try:
        return visible_items(user).select_related("organisation", "owner_department", "submitter").get(pk=pk).as_kind()
    except (Item.DoesNotExist, ValueError):
        raise NotFound() from None


def task_entries(tasks, user) -> list[TaskEntry]:
    """Rows for these tasks (their process selected), with their items in one query."""
    ids = {task.process.artifact_object_id for task in tasks}
    items = Item.objects.select_related("organisation", "owner_department", "submitter").in_bulk(ids)
    return [
        TaskEntry(task=task, item=items[task.process.artifact_object_id].as_kind(), claimed=task.owner_id == user.pk)
        for task in tasks
        if task.process.artifact_object_id in items
    ]


def _human_tasks():
    item_type = ContentType.objects.get_for_model(Item)
    return Task.objects.filter(flow_task_type=HUMAN, process__artifact_content_type=item_type).select_related("process")


def my_tasks_queryset(user):
    """Open tasks that are yours, unordered: pages filter, sort and paginate it. While you are
    someone's proxy (委托), their tasks too, except on items you submitted or your own
    organisations did (subqueries: no statement of their own)."""
    proxied = (Q(owner__in=principals_of(user)) & ~Q(process__item__submitter=user)
               & ~Q(process__item__organisation__in=own_organisations(user)))
    # The owner comes along: a principal's task says whom it is done for.
    return _human_tasks().filter(Q(owner=user) | proxied, status__in=OPEN).select_related("owner")


def queue_queryset(user):
    """The queue as an unordered queryset (one query for the grants now, the tasks when read).
    A proxy's queue has their principals' queues too, without the principals' own submissions nor
    those of the organisations where the proxy holds a role."""
    grants = list(
        RoleGrant.objects.active().filter(Q(user=user) | Q(user__in=principals_of(user)))
        .values_list("role", "organisation_id", "user_id")
    )
    if not grants:
        return Task.objects.none()
    own = [(role, organisation_id) for role, organisation_id, holder in grants if holder == user.pk]
    queues = queue_filter(own) if own else Q(pk__in=[])
    own_organisation_ids = {organisation_id for _role, organisation_id in own}
    for principal in {holder for _role, _org, holder in grants if holder != user.pk}:
        held = [(role, organisation_id) for role, organisation_id, holder in grants if holder == principal]
        queues |= (queue_filter(held) & ~Q(process__item__submitter=principal)
                   & ~Q(process__item__organisation_id__in=own_organisation_ids))
    return (
        _human_tasks()
        .filter(queues, status=STATUS.NEW, owner__isnull=True)
        .exclude(process__item__submitter=user)
    )


def done_queryset(user):
    """已办: tasks you completed (decided or resubmitted), unordered. Tasks closed without a
    decision (withdrawn, cancelled) are not yours to have done."""
    return _human_tasks().filter(owner=user, status=STATUS.DONE)


def my_tasks(user) -> list[TaskEntry]:
    """Open tasks that are yours: claimed by you or assigned to you by name."""
    return task_entries(list(my_tasks_queryset(user).order_by("created", "pk")), user)


def queue(user) -> list[TaskEntry]:
    """Unclaimed tasks waiting for a role you hold, where you hold it; never your own items."""
    return task_entries(list(queue_queryset(user).order_by("created", "pk")), user)


def todo(user) -> list[TaskEntry]:
    """待办: your tasks, then the queue."""
    return my_tasks(user) + queue(user)


def get_task_for(user, pk) -> TaskEntry:
    """A task of an item `user` may see (open or not); 404 otherwise."""
    try:
        task = _human_tasks().get(pk=pk)
    except (Task.DoesNotExist, ValueError):
        raise NotFound() from None
    item = Item.objects.get(pk=task.process.artifact_object_id).as_kind()
    if item.submitter_id != user.pk and not visible(user, item):
        raise NotFound()
    return TaskEntry(task=task, item=item, claimed=task.owner_id == user.pk)


def acting_on(user, pk):
    """(task, item, principal) of open task `pk` that `user` may act on now, for the pages' and
    the API's choices of people: 404 out of scope, 409 closed, 403 without standing. `principal`:
    whom `user` acts for as proxy (委托), or None."""
    entry = get_task_for(user, pk)
    if entry.task.status not in OPEN:
        raise TaskClosed()
    item = item_of_process(entry.task.process)
    return entry.task, item, check_actor(user, entry.task, item)


def candidates_for(user, pk, act: str) -> list:
    """Whom `user` may hand task `pk` to (act "transfer" or "delegate") or copy on it ("cc"): for
    the pages' and the API's choices (acting_on's refusals). The services check the same again
    when the act comes."""
    task, item, principal = acting_on(user, pk)
    if act == "cc":  # a copy is sent by whoever sends it
        return carbon_copy.candidates(task, item, user)
    # A proxy hands over their principal's task (services.handover counts the same).
    return handover.candidates(task, item, principal or user)


def item_tasks(item) -> list[Task]:
    """Every human task of every process of the item, oldest first (for the timeline)."""
    return list(
        Task.objects.filter(process__item=item, flow_task_type=HUMAN).select_related("owner").order_by("created", "pk")
    )


def assignee_label(task) -> str:
    """Who the task waits for, in words: a person, or a role at an organisation."""
    if task.owner_id:
        return str(task.owner)
    if task.owner_permission:
        organisation = Organisation.objects.filter(pk=task.owner_permission_obj_pk).first()
        return role_at(organisation, task.owner_permission)
    return ""


def get_attachment_for(user, pk):
    """The attachment, if the item it belongs to is in `user`'s scope; NotFound (404) otherwise,
    whether or not it exists."""
    try:
        return Attachment.objects.select_related("item").get(pk=pk, item__in=visible_items(user))
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到该附件，或您无权查看。")) from None
