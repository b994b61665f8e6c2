"""催办: who may urge a task, whom it reaches, and when one may urge it again.

May urge: the item's submitter; a supervisor of the handler, i.e. the head (Organisation.head) of
the handler's organisation or of one above it (for a queue task the queue's organisation, for a
named person's task the organisations where they hold roles); and the owning department's
city reviewers and city heads. Nobody urges themselves. One person urges one task at most once
per settings.WORKFLOWS_URGE_INTERVAL; the audit's urge events are the record.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.models import AuditEvent
from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import Role
from workflows.engine import assignment

URGE = "urge"
DEPARTMENT_URGERS = (Role.CITY_REVIEWER, Role.CITY_HEAD)


def interval() -> timedelta:
    return getattr(settings, "WORKFLOWS_URGE_INTERVAL", timedelta(hours=24))


def may_urge(user, task, item) -> bool:
    """Whether `user` may urge this open task (urge_task's check)."""
    return bool(urgeable(user, [task], item))


def urgeable(user, tasks, item) -> list:
    """Those of these open tasks of one item that `user` may urge: at most four statements
    however many tasks, none for the submitter."""
    if not (user and user.is_authenticated):
        return []
    tasks = [task for task in tasks if task.owner_id != user.pk]  # nobody urges themselves
    if not tasks or user.pk == item.submitter_id:
        return tasks
    if RoleGrant.objects.active().filter(user=user, role__in=DEPARTMENT_URGERS,
                                         organisation_id=item.owner_department_id).exists():
        return tasks
    return _headed_tasks(user, tasks)


def last_urge(user, task, item) -> datetime | None:
    """When `user` last urged this task within the interval, or None."""
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(item, for_concrete_model=True), object_id=str(item.pk),
            action=URGE, actor=user, data__task=task.pk, created_at__gt=timezone.now() - interval(),
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def next_allowed(user, task, item) -> datetime | None:
    """The moment `user` may urge this task again, or None if they may now."""
    last = last_urge(user, task, item)
    return last + interval() if last is not None else None


def local_moment(moment: datetime) -> str:
    """A moment in the local zone, written the Chinese way: 2026年3月3日 10:00."""
    local = timezone.localtime(moment)
    return _("%(year)s年%(month)s月%(day)s日 %(time)s") % {
        "year": local.year, "month": local.month, "day": local.day, "time": local.strftime("%H:%M"),
    }


def recipients(task, item) -> list:
    """Whom an urge reaches: the owner, or every holder of the queue (never the submitter)."""
    if task.owner_id is not None:
        return [task.owner]
    queue = assignment.queue_of(task)
    if queue is None:
        return []
    return [user for user in assignment.holders_of(*queue) if user.pk != item.submitter_id]


def urge_offers(user, tasks, item) -> dict:
    """may_urge and next_allowed for all these open tasks of one item at once: task pk → the
    moment `user` may urge it again (None: now), only for the tasks they may urge. At most five
    statements however many tasks (the item page of a multi-person step has one per member)."""
    allowed = urgeable(user, tasks, item)
    if not allowed:
        return {}
    recent = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(item, for_concrete_model=True), object_id=str(item.pk),
        action=URGE, actor=user, data__task__in=[task.pk for task in allowed],
        created_at__gt=timezone.now() - interval(),
    ).values_list("data__task", "created_at")
    last = {}
    for task_pk, moment in recent:
        last[task_pk] = max(moment, last.get(task_pk, moment))
    return {task.pk: (last[task.pk] + interval() if task.pk in last else None) for task in allowed}


def _headed_tasks(user, tasks) -> list:
    """The tasks whose handler organisation (a queue's; for a named person, where they hold
    roles) `user` heads, or an organisation above it: three statements at most."""
    owners = {task.owner_id for task in tasks if assignment.queue_of(task) is None and task.owner_id}
    grants = {}
    for user_id, organisation_id in RoleGrant.objects.active().filter(user_id__in=owners).values_list(
        "user_id", "organisation_id"
    ):
        grants.setdefault(user_id, set()).add(organisation_id)
    handled = {}
    for task in tasks:
        queue = assignment.queue_of(task)
        handled[task.pk] = {queue[1]} if queue is not None else grants.get(task.owner_id, set())
    ids = set().union(*handled.values())
    paths = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "path")) if ids else {}
    chains = {pk: {int(segment) for segment in path.strip("/").split("/") if segment} for pk, path in paths.items()}
    everything = set().union(*chains.values()) if chains else set()
    headed = set(Organisation.objects.filter(pk__in=everything, head=user).values_list("pk", flat=True)) \
        if everything else set()
    return [task for task in tasks if any(chains.get(org, set()) & headed for org in handled[task.pk])]
