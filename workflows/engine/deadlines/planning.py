"""Computing deadlines: which limit applies to a task, its due_at on the working-day calendar,
its reminders (notifications.planning) and its armed timeout; one task as it opens, or a batch.

The public services and entry points are in workflows.engine.deadlines.services.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from core import calendar as workcal
from core.calendar.snapshot import CalendarSnapshot
from core.incidents.services import raise_incident
from core.orgs.models import Organisation
from notifications import api
from notifications.models import ReminderPolicy
from notifications.models.policies import DEFAULT_POLICY_CODE
from notifications.planning import schedule_deadline
from workflows.engine.deadlines.models import (
    DeadlineSource,
    PendingReason,
    StepDeadlineRule,
    TaskDeadline,
)
from workflows.engine.models import OPEN, Item
from workflows.engine.notify import _params as task_params
from workflows.engine.notify import task_link

INCIDENT_KIND = "workflows.deadline_calendar_missing"


# --- Which limit applies -------------------------------------------------------------------------


def _owner_key(ref: str) -> tuple[int, int]:
    label, pk = ref.rsplit(":", 1)
    app_label, model = label.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model).pk, int(pk)


@dataclass
class Limit:
    source: str
    working_days: int | None = None
    due_at: datetime | None = None
    rule: StepDeadlineRule | None = None
    policy: ReminderPolicy | None = None


def step_limit(node, process) -> Limit | None:
    """The limit for a task of `node` in `process`: its owner's rule if there is one, else the
    step's own `limit`; None when neither says anything (no deadline)."""
    rule = None
    ref = (process.data or {}).get("deadline_owner")
    if ref:
        owner_type, owner_id = _owner_key(ref)
        rule = (
            StepDeadlineRule.objects.filter(owner_type_id=owner_type, owner_id=owner_id, step=get_task_ref(node))
            .select_related("policy")
            .first()
        )
    declared = getattr(node, "limit", None)
    if rule is None and declared is None:
        return None
    policy = rule.policy if rule is not None and rule.policy_id else None
    if policy is None:
        policy = ReminderPolicy.objects.current_with_steps(getattr(node, "reminders", None) or DEFAULT_POLICY_CODE)
    if rule is not None and rule.due_at is not None:
        return Limit(DeadlineSource.FIXED_DATE, due_at=rule.due_at, rule=rule, policy=policy)
    days = rule.working_days if rule is not None else declared.days
    return Limit(DeadlineSource.WORKING_DAYS, working_days=days, rule=rule, policy=policy)


# --- Opening a task ------------------------------------------------------------------------------


def open_deadline(activation, item) -> TaskDeadline | None:
    """Give a newly created task its deadline and reminders. Called by the services' opening hook
    (workflows.engine.opening) once the task is saved and before its timeout is armed (the timer
    reads this row, cached on the task). Never fails for want of calendar data."""
    task = activation.task
    limit = step_limit(task.flow_task, task.process)
    if limit is None:
        return None
    deadline = TaskDeadline(
        task=task, source=limit.source, counted_from=task.created, working_days=limit.working_days,
        rule=limit.rule, policy=limit.policy, due_at=limit.due_at,
    )
    # The deadline and every reminder and escalation counted on one read of the calendar.
    since = min(moment for moment in (task.created, limit.due_at) if moment is not None)
    calendar = CalendarSnapshot.load(since=timezone.localtime(since).date())
    missing = compute_due(deadline, calendar=calendar)
    if missing is None:
        audience = _audience_of(activation.assignment, item)
        missing = schedule_reminders(deadline, task=task, item=item, audience=audience, calendar=calendar, fresh=True)
    mark_pending(deadline, missing)
    deadline.save(force_insert=True)
    if missing is not None:
        raise_calendar_incident(missing)
    return deadline


def compute_due(deadline, *, calendar) -> int | None:
    """Set due_at from the count (working-day sources only). Returns the missing year, or None.
    `calendar`: a CalendarSnapshot for batches; None counts with core.calendar directly."""
    if deadline.source != DeadlineSource.WORKING_DAYS:
        return None
    count = calendar.deadline_after if calendar is not None else workcal.deadline_after
    try:
        deadline.due_at = count(deadline.counted_from, deadline.working_days)
    except workcal.CalendarYearMissing as exc:
        deadline.due_at = None
        return exc.year
    return None


def mark_pending(deadline, missing_year) -> None:
    deadline.pending_year = missing_year
    deadline.pending_reason = PendingReason.CALENDAR_YEAR_MISSING if missing_year is not None else PendingReason.NONE


def raise_calendar_incident(year: int) -> None:
    raise_incident(
        kind=INCIDENT_KIND,
        key=str(year),
        title=_("%(year)d年的工作日历尚未录入，部分待办的办理期限暂未计算") % {"year": year},
        detail=_("录入该年度的工作日历后，系统会自动计算这些期限并安排提醒。"),
        payload={"year": year},
    )


# --- Reminders -----------------------------------------------------------------------------------


def _audience_of(assignment, item) -> dict:
    """Who is reminded, and whose heads an escalation goes to, for a task just assigned."""
    if assignment.owner is not None:
        handler = item.organisation if assignment.owner.pk == item.submitter_id else None
        return {"recipient": assignment.owner, "handler_organisation": handler}
    return {"role": assignment.role, "organisation": assignment.organisation}


def audience_of_task(task, item, organisations) -> dict:
    """The same for an existing task: its owner if claimed, else its queue."""
    queue_org = organisations.get(int(task.owner_permission_obj_pk)) if task.owner_permission else None
    if task.owner_id is not None:
        handler = queue_org or (item.organisation if task.owner_id == item.submitter_id else None)
        return {"recipient": task.owner, "handler_organisation": handler}
    return {"role": task.owner_permission, "organisation": queue_org}


def schedule_reminders(deadline, *, task, item, audience, replace: bool = False, calendar=None,
                       fresh: bool = False) -> int | None:
    """Plan the task's reminders and escalations for its due_at. `replace`: due_at moved, so the
    earlier revision's pending ones go first. Returns the calendar year they still need (then
    nothing new is scheduled), or None. `calendar`: a CalendarSnapshot to count on. `fresh`: the
    task has just opened, so nothing of it is scheduled yet."""
    if replace:
        api.cancel(prefix=f"task:{task.pk}:")
    if deadline.policy is None or deadline.due_at is None:
        return None
    try:
        schedule_deadline(
            key_prefix=deadline.reminder_prefix(), deadline=deadline.due_at, policy=deadline.policy, target=item,
            owner_department=item.owner_department, params=task_params(item, task), link=task_link(item, task), calendar=calendar, fresh=fresh,
            **audience,
        )
    except workcal.CalendarYearMissing as exc:
        return exc.year
    return None


# --- Timers --------------------------------------------------------------------------------------


def rearm_timers(deadlines) -> int:
    """Point the armed timeouts of these tasks at their current due_at (empty: not armed)."""
    due = {deadline.task_id: deadline.due_at for deadline in deadlines}
    if not due:
        return 0
    timers = Task.objects.filter(previous__in=list(due), flow_task_type="TIMER", status=STATUS.SCHEDULED)
    changed = [Task(pk=pk, scheduled=due[host]) for pk, host in timers.values_list("pk", "previous")]
    Task.objects.bulk_update(changed, ["scheduled"])
    return len(changed)


# --- Batches -----------------------------------------------------------------------------------


def recompute_batch(task_ids, *, rule=None) -> list[TaskDeadline]:
    """Count these open tasks' deadlines again, in one batch: a constant number of queries to
    read, compute and write them and re-arm their timeouts, then each task's reminders through
    notifications' API (its own statements, per task). `rule`: the StepDeadlineRule now in force
    for all of them (a campaign changed its limit); a deadline moved by hand keeps its date."""
    rows = _lock_open_deadlines(task_ids)
    if not rows:
        return []
    items = Item.objects.select_related("organisation", "owner_department").in_bulk(
        {row.task.process.artifact_object_id for row in rows}
    )
    queue_ids = {int(row.task.owner_permission_obj_pk) for row in rows if row.task.owner_permission}
    organisations = Organisation.objects.select_related("parent").in_bulk(queue_ids)
    calendar = CalendarSnapshot.load(first_year=min(timezone.localtime(row.counted_from).year for row in rows))
    moved = set()
    for row in rows:
        before = row.due_at
        if rule is not None and row.source != DeadlineSource.MOVED:
            apply_rule(row, rule)
        mark_pending(row, compute_due(row, calendar=calendar))
        if before is not None and row.due_at != before:
            row.revision += 1
            moved.add(row.task_id)
    for row in rows:
        if row.due_at is not None:
            item = items[row.task.process.artifact_object_id].as_kind()
            missing = schedule_reminders(row, task=row.task, item=item, replace=row.task_id in moved,
                                          audience=audience_of_task(row.task, item, organisations), calendar=calendar)
            mark_pending(row, missing)
    TaskDeadline.objects.bulk_update(
        rows, ["source", "working_days", "rule", "policy", "due_at", "pending_year", "pending_reason", "revision",
               "updated_at"],
    )
    rearm_timers(rows)
    for year in sorted({row.pending_year for row in rows if row.pending_year is not None}):
        raise_calendar_incident(year)
    return rows


def _lock_open_deadlines(task_ids) -> list[TaskDeadline]:
    """The deadlines of those tasks still open, read after locking their processes: a decision
    (which takes the same lock) cannot close a task between our read and our reminders."""
    process_ids = Task.objects.filter(pk__in=list(task_ids)).values_list("process_id", flat=True)
    list(Process.objects.filter(pk__in=process_ids).order_by("pk").select_for_update().values_list("pk", flat=True))
    rows = list(
        TaskDeadline.objects.filter(task_id__in=list(task_ids), task__status__in=OPEN)
        .select_related("task__process", "task__owner", "policy")
        .order_by("task_id")
    )
    for row in rows:
        row.updated_at = timezone.now()
    return rows


def apply_rule(row, rule) -> None:
    row.rule = rule
    if rule.policy_id:
        row.policy = rule.policy
    if rule.due_at is not None:
        row.source, row.working_days, row.due_at = DeadlineSource.FIXED_DATE, None, rule.due_at
    else:
        row.source, row.working_days = DeadlineSource.WORKING_DAYS, rule.working_days
