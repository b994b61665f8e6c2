"""催办: urge the current handler(s) of an open task. Rules in workflows.engine.urging.rules."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from core.audit.services import record_event
from workflows.engine import notify
from workflows.engine.access import refuse, visible
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import NotFound, TaskClosed, TooSoon
from workflows.engine.locking import lock_task
from workflows.engine.models import OPEN, item_of_process
from workflows.engine.urging import rules as urging

URGE_NOTE_MAX = 500  # a 催办 note is a line to the handler, not an opinion


@service
def urge_task(*, task, by, comment: str = ""):
    """Remind whoever holds the task now, at most once per person and task per interval; the
    interval is checked under the task's lock, so two clicks at once send one urge. Returns the
    audit event."""
    comment = (comment or "").strip()
    if len(comment) > URGE_NOTE_MAX:
        raise ValidationError({"comment": ValidationError(
            _("催办留言不能超过%(max)s个字。") % {"max": URGE_NOTE_MAX}, code="max_length")})
    task, item = _load(task, by)
    if not urging.may_urge(by, task, item):
        refuse(by, item, _("只有申报人、办理人的上级负责人或主管处室可以催办。"))
    task = lock_task(Task, task.pk)
    if task.status not in OPEN:
        raise TaskClosed()
    last = urging.last_urge(by, task, item)
    if last is not None:
        next_at = last + urging.interval()
        raise TooSoon(
            _("您已于%(last)s催办过，%(next)s后可再次催办。")
            % {"last": urging.local_moment(last), "next": urging.local_moment(next_at)},
            next_allowed_at=next_at,
        )
    to = urging.recipients(task, item)
    event = record_event(
        action=urging.URGE, target=item, actor=by, from_status=item.status, to_status=item.status, comment=comment,
        data={"task": task.pk, "step": task.flow_task.name, "recipients": [user.pk for user in to]},
    )
    notify.task_urged(task, item, to, by=by, comment=comment, event_key=f"urge{event.pk}")
    return event


def _load(task_ref, by):
    """(task, item), unlocked: 404 outside scope, 409 when the task is closed."""
    task = Task.objects.select_related("process", "owner").filter(pk=pk_of(task_ref), flow_task_type="HUMAN").first()
    if task is None or task.process.artifact_object_id is None:
        raise NotFound()
    item = item_of_process(task.process)
    if item.submitter_id != by.pk and not visible(by, item):
        raise NotFound()
    if task.status not in OPEN:
        raise TaskClosed()
    return task, item
