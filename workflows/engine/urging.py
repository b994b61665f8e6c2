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


def handler_organisation_ids(task) -> set[int]:
    """The organisations the task is handled in: its queue's, else its owner's."""
    queue = assignment.queue_of(task)
    if queue is not None:
        return {queue[1]}
    if task.owner_id is None:
        return set()
    return set(RoleGrant.objects.active().filter(user_id=task.owner_id).values_list("organisation_id", flat=True))


def may_urge(user, task, item) -> bool:
    """Whether `user` may urge this open task (three statements at most, none for the submitter)."""
    if not (user and user.is_authenticated) or task.owner_id == user.pk:
        return False
    if user.pk == item.submitter_id:
        return True
    if RoleGrant.objects.active().filter(user=user, role__in=DEPARTMENT_URGERS,
                                         organisation_id=item.owner_department_id).exists():
        return True
    return _heads_above(user, handler_organisation_ids(task))


def _heads_above(user, organisation_ids) -> bool:
    """Is `user` the head of one of these organisations or of an organisation above one?"""
    if not organisation_ids:
        return False
    paths = Organisation.objects.filter(pk__in=organisation_ids).values_list("path", flat=True)
    chain = {int(segment) for path in paths for segment in path.strip("/").split("/") if segment}
    return Organisation.objects.filter(pk__in=chain, head=user).exists()


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
