"""Deadlines of human tasks: computed when a task opens, kept in the database, moved on request.

    Step(..., limit=WorkingDays(5), reminders="default")   a step's time limit and reminder policy
    set_step_deadline(*, owner, flow_class, step, by, working_days=None, due_at=None, policy=None)
                                                            a campaign's or plan's own limit for a step
    move_deadline(*, task, due_at, by, reason)              a new due moment for one open task
    recompute_deadlines(*, years)                           after the calendar gained or corrected years
    catch_up()                                              the beat's safety net for the above
    deadline_of(task)                                       the TaskDeadline, or None

A task's due_at is `core.calendar.deadline_after(opened, N)` (17:30 local on the N-th working
day after it opened) or a fixed date from a StepDeadlineRule. A year without calendar data never
blocks the act that opens the task: the deadline is stored as pending, an incident names the
year, and `calendar_changed` (or a retry of the incident) computes it later. Every change of
due_at rewrites the task's armed timeout (workflows.engine.deadlines.timeouts) and reschedules its
reminders and escalations (notifications.planning, keys under "task:<id>:"). How one task's or a
batch's deadlines are computed is in workflows.engine.deadlines.planning.
"""

import logging
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task

from core import calendar as workcal
from core.audit.services import record_event
from core.calendar.models import CalendarYear
from core.calendar.snapshot import CalendarSnapshot
from core.incidents.models import Incident, IncidentStatus
from core.incidents.services import resolve_incident
from core.orgs.models import Organisation
from notifications.models import ReminderPolicy
from notifications.models.policies import DEFAULT_POLICY_CODE
from workflows.engine.deadlines.limits import MAX_WORKING_DAYS
from workflows.engine.deadlines.models import (
    DeadlineSource,
    StepDeadlineRule,
    TaskDeadline,
)
from workflows.engine.deadlines.owners import owner_ref
from workflows.engine.deadlines.planning import (
    INCIDENT_KIND,
    OPEN,
    apply_rule,
    audience_of_task,
    compute_due,
    mark_pending,
    open_deadline,
    raise_calendar_incident,
    rearm_timers,
    recompute_batch,
    schedule_reminders,
)
from workflows.engine.exceptions import TaskClosed
from workflows.engine.locking import lock_task
from workflows.engine.models import item_of_process

logger = logging.getLogger(__name__)

__all__ = [
    "INCIDENT_KIND", "catch_up", "deadline_of", "move_deadline", "open_deadline", "owner_ref",
    "recompute_deadlines", "set_step_deadline",
]

# Pending deadlines recomputed per transaction: the query count grows per batch, not per task.
BATCH_SIZE = 200


def deadline_of(task) -> TaskDeadline | None:
    return TaskDeadline.objects.filter(task_id=getattr(task, "pk", task)).first()


# --- Recomputing ---------------------------------------------------------------------------------


def recompute_deadlines(*, years, close_incidents: bool = True) -> list[int]:
    """After the calendar gained or corrected `years`: compute the deadlines left pending for
    them, and count again the open working-day deadlines that run through them. In batches of
    BATCH_SIZE tasks, each re-arming its timeouts and rescheduling its reminders. Resolves the
    incident of each year no deadline waits for any more (unless `close_incidents` is false: the
    incident's own retry resolves it). Returns the years still missing (a count running on)."""
    years = sorted(set(years))
    affected = Q(pending_year__in=years) | Q(
        Q(due_at__year__in=years) | Q(counted_from__year__in=years), source=DeadlineSource.WORKING_DAYS
    )
    still_missing, done = set(), set()
    while True:
        with transaction.atomic():
            ids = list(
                TaskDeadline.objects.filter(affected, task__status__in=OPEN)
                .exclude(task_id__in=done)
                .order_by("task_id")
                .values_list("task_id", flat=True)[:BATCH_SIZE]
            )
            if not ids:
                break
            done.update(ids)
            still_missing.update(row.pending_year for row in recompute_batch(ids) if row.pending_year is not None)
    if close_incidents:
        _close_incidents(years)
    return sorted(still_missing)


def _close_incidents(years) -> None:
    """Resolve the incident of each year that no open task's deadline waits for any more."""
    waiting = set(
        TaskDeadline.objects.filter(pending_year__in=years, task__status__in=OPEN).values_list("pending_year", flat=True)
    )
    for incident in Incident.objects.filter(
        kind=INCIDENT_KIND, key__in=[str(year) for year in years], status=IncidentStatus.OPEN
    ):
        if int(incident.key) not in waiting:
            resolve_incident(incident=incident, by=None, comment=_("该年度工作日历已录入，期限已重新计算。"))


def catch_up() -> list[int]:
    """Recompute the deadlines still pending for years the calendar now covers: the safety net
    (run by the per-minute beat task) for a calendar_changed receiver that failed or never ran.
    One query when there is nothing to do. Returns the years it recomputed."""
    years = sorted(set(
        TaskDeadline.objects.filter(pending_year__in=CalendarYear.objects.values("year"), task__status__in=OPEN)
        .values_list("pending_year", flat=True)
    ))
    if years:
        recompute_deadlines(years=years)
    return years


def retry_calendar_incident(incident) -> None:
    """The incident's retry (core.incidents): compute what waits for its year. Raises while the
    year is still missing, so that the retry is recorded as failed and the incident stays open."""
    year = int(incident.payload.get("year") or incident.key)
    recompute_deadlines(years=[year], close_incidents=False)
    if TaskDeadline.objects.filter(pending_year=year, task__status__in=OPEN).exists():
        raise workcal.CalendarYearMissing(year)


# --- Services ------------------------------------------------------------------------------------


def _iso(moment) -> str | None:
    """A moment for the audit log, in local time (what users read)."""
    return timezone.localtime(moment).isoformat() if moment else None


def _check_due_at(due_at, *, field: str = "due_at") -> None:
    if not isinstance(due_at, datetime) or timezone.is_naive(due_at):
        raise ValidationError({field: ValidationError(_("请填写有效的期限（日期和时间）。"), code="invalid")})
    if due_at <= timezone.now():
        raise ValidationError({field: ValidationError(_("新的期限必须晚于当前时间。"), code="past")})


@transaction.atomic
def move_deadline(*, task, due_at, by, reason: str, acting_for=None) -> TaskDeadline:
    """Give one open task a new due moment (an extension granted, 延期): its timeout is re-armed,
    its reminders and escalations are planned again (with new keys, so they remind again), and
    the item's audit log records who moved it, from when to when, and why.

    Who may move a deadline is the caller's rule (issue 6's extension services check it);
    `acting_for`: the principal when `by` moves it as their proxy (委托).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("请填写调整期限的原因。"), code="required")})
    _check_due_at(due_at)
    task = lock_task(Task, getattr(task, "pk", task))
    if task.status not in OPEN:
        raise TaskClosed()
    item = item_of_process(task.process)
    deadline = TaskDeadline.objects.filter(task=task).first()
    before = deadline.due_at if deadline is not None else None
    if deadline is None:
        deadline = TaskDeadline(task=task, counted_from=task.created,
                                policy=ReminderPolicy.objects.current(getattr(task.flow_task, "reminders", None)
                                                                      or DEFAULT_POLICY_CODE))
    elif before is not None:
        deadline.revision += 1
    deadline.source, deadline.working_days, deadline.due_at = DeadlineSource.MOVED, None, due_at
    organisations = Organisation.objects.in_bulk([int(task.owner_permission_obj_pk)] if task.owner_permission else [])
    # Every reminder and escalation counted on one read of the calendar, not two reads each.
    calendar = CalendarSnapshot.load(since=timezone.localtime(min(task.created, due_at)).date())
    missing = schedule_reminders(deadline, task=task, item=item, replace=True, calendar=calendar,
                                  audience=audience_of_task(task, item, organisations))
    mark_pending(deadline, missing)
    deadline.save()
    rearm_timers([deadline])
    if missing is not None:
        raise_calendar_incident(missing)
    record_event(
        action="deadline_moved", target=item, actor=by, acting_for=acting_for, organisation=item.owner_department,
        from_status=item.status, to_status=item.status, comment=reason,
        data={"task": task.pk, "step": task.flow_task.name, "from": _iso(before), "to": _iso(due_at)},
    )
    return deadline


@transaction.atomic
def set_step_deadline(*, owner, flow_class, step: str, by, working_days: int | None = None, due_at=None,
                      policy=None) -> StepDeadlineRule:
    """A campaign's (plan's, programme's) own limit for `step` of `flow_class`: working days or a
    fixed date, and optionally its reminder policy. The open tasks of that step in the owner's
    processes follow at once: new due_at, re-armed timeouts, rescheduled reminders (an extension
    already granted on a task stays)."""
    node = flow_class.instance.node(step) if isinstance(step, str) else step
    if node is None or not hasattr(node, "item_status") or getattr(node, "task_type", "") != "HUMAN":
        raise ValidationError({"step": ValidationError(_("“%(step)s”不是此流程的办理步骤。") % {"step": step},
                                                       code="invalid")})
    if (working_days is None) == (due_at is None):
        raise ValidationError(_("请填写工作日时限或指定期限，二者只能填一项。"), code="days_or_date")
    if working_days is not None and (
        isinstance(working_days, bool) or not isinstance(working_days, int) or not 1 <= working_days <= MAX_WORKING_DAYS
    ):
        raise ValidationError({"working_days": ValidationError(
            _("工作日时限须在1至%(max)d之间。") % {"max": MAX_WORKING_DAYS}, code="invalid")})
    if due_at is not None:
        _check_due_at(due_at)
    owner_type = ContentType.objects.get_for_model(owner)
    rule, _created = StepDeadlineRule.objects.select_for_update().update_or_create(
        owner_type=owner_type, owner_id=owner.pk, step=get_task_ref(node),
        defaults={"working_days": working_days, "due_at": due_at, "policy": policy, "updated_by": by},
    )
    task_ids = list(
        Task.objects.filter(flow_task=node, status__in=OPEN, process__data__deadline_owner=owner_ref(owner))
        .values_list("pk", flat=True)
    )
    _ensure_rows(task_ids, rule=rule, node=node)
    for start in range(0, len(task_ids), BATCH_SIZE):
        recompute_batch(task_ids[start : start + BATCH_SIZE], rule=rule)
    record_event(
        action="step_deadline_set", target=owner, actor=by,
        data={"step": rule.step, "working_days": working_days, "due_at": _iso(due_at),
              "policy": policy.pk if policy else None, "tasks": len(task_ids)},
    )
    return rule


def _ensure_rows(task_ids, *, rule, node) -> None:
    """Open tasks of a step that had no limit get a deadline row to carry the owner's new one."""
    have = set(TaskDeadline.objects.filter(task_id__in=task_ids).values_list("task_id", flat=True))
    created = dict(Task.objects.filter(pk__in=set(task_ids) - have).values_list("pk", "created"))
    if not created:
        return
    policy = ReminderPolicy.objects.current(getattr(node, "reminders", None) or DEFAULT_POLICY_CODE)
    calendar = CalendarSnapshot.load(first_year=min(timezone.localtime(moment).year for moment in created.values()))
    rows = []
    for pk, moment in created.items():
        row = TaskDeadline(task_id=pk, counted_from=moment, policy=policy)
        apply_rule(row, rule)
        mark_pending(row, compute_due(row, calendar=calendar))
        rows.append(row)
    TaskDeadline.objects.bulk_create(rows)
