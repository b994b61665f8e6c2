"""Turning a policy and a task's deadline into concrete schedule rows.

A missing calendar year: `plan_deadline` and `schedule_deadline` let core.calendar's
CalendarYearMissing propagate and write nothing. The caller decides what that means; the engine
keeps the task's deadline pending, raises an incident, and calls `schedule_deadline` again when
`calendar_changed` names the year. Note that a deadline near New Year can need the neighbouring
year too (3 working days before 2 January fall in December).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar as workcal
from notifications.api import schedule
from notifications.bulk import insert_new
from notifications.models import ReminderPolicy, ScheduledReminder, ScheduleKind, ScheduleState
from notifications.models.policies import ESCALATION_CHAIN, EscalationLevel
from notifications.models.schedule import series_of
from notifications.validation import check_aware, check_params, check_prefix, check_recipient, target_reference


@dataclass(frozen=True)
class PlannedReminder:
    key: str
    kind: str
    due_at: datetime.datetime
    offset_days: int  # negative before the deadline, 0 on its day, positive after
    recipient: object | None
    role: str
    organisation: object | None


def plan_deadline(*, policy: ReminderPolicy, deadline: datetime.datetime, key_prefix: str, recipient=None,
                  role: str | None = None, organisation=None, handler_organisation=None, owner_department=None,
                  now: datetime.datetime | None = None, calendar=None) -> list[PlannedReminder]:
    """What `policy` means for a task due at `deadline`, handled by `recipient` or role@organisation.

    Reminders go to the handler at the step's local time (Asia/Shanghai) on the N-th working day
    before the deadline's local date (0: on that date); one whose time has passed, or is not before
    the deadline, is left out. Escalations go on the N-th working day after it to the head of the
    step's level: `handler_organisation` (defaults to `organisation` for a queue), its parent, or
    `owner_department`. A level without a head, or whose head is the handler, hands the step to the
    next level up; a step with no level left is left out. Escalations already due are kept: an
    overdue task gets them at once. Raises CalendarYearMissing; reads, never writes. `calendar`:
    a core.calendar.snapshot.CalendarSnapshot to count on instead of a query per step.
    """
    check_prefix(key_prefix)
    check_aware(deadline, label=_("办理期限"))
    recipient, role, organisation = check_recipient(recipient=recipient, role=role, organisation=organisation)
    now = now or timezone.now()
    zone = timezone.get_default_timezone()
    due_day = timezone.localtime(deadline, zone).date()
    handler_org = handler_organisation or organisation
    levels = {
        EscalationLevel.HANDLER_ORG: handler_org,
        # Read only if an escalation gets that far (the handler's organisation has no head).
        EscalationLevel.HANDLER_ORG_PARENT: lambda: handler_org.parent if handler_org is not None else None,
        EscalationLevel.OWNER_DEPARTMENT: owner_department,
    }

    planned = []
    for step in policy.step_list():
        sign = -1 if step.kind == ScheduleKind.REMINDER else 1
        offset = sign * step.working_days
        at = datetime.datetime.combine(_add_working_days(calendar, due_day, offset), step.at_time, tzinfo=zone)
        if step.kind == ScheduleKind.REMINDER:
            if at <= now or at >= deadline:
                continue
            to = (recipient, role, organisation)
            key = f"{key_prefix}reminder:{step.working_days}"
        else:
            head, level_org = _escalation_head(step.level, levels, handler=recipient)
            if head is None:
                continue
            to = (head, "", level_org)
            key = f"{key_prefix}escalation:{step.working_days}"
        planned.append(PlannedReminder(key, step.kind, at, offset, *to))
    return sorted(planned, key=lambda p: p.due_at)


def _add_working_days(calendar, day, offset):
    if calendar is not None:
        try:
            return calendar.add_working_days(day, offset)
        except ValueError:  # a count back past the snapshot's first day
            pass
    return workcal.add_working_days(day, offset)


def _escalation_head(level, levels, *, handler):
    for candidate in ESCALATION_CHAIN[ESCALATION_CHAIN.index(level):]:
        org = levels[candidate]
        org = org() if callable(org) else org
        head = org.head if org is not None else None
        if head is not None and head != handler:
            return head, org
    return None, None


def schedule_deadline(*, key_prefix: str, deadline: datetime.datetime, policy: ReminderPolicy, target,
                      recipient=None, role: str | None = None, organisation=None, handler_organisation=None,
                      owner_department=None, params: dict | None = None, link: str = "",
                      now: datetime.datetime | None = None, calendar=None, fresh: bool = False
                      ) -> list[ScheduledReminder]:
    """Make the pending schedule under `key_prefix` match `plan_deadline(...)`, in one transaction.

    It owns every key under `key_prefix` (e.g. "task:42:"): rows of the plan are scheduled (moved
    if they exist), other pending rows under the prefix are cancelled (a deadline moved earlier,
    a reminder now in the past). Call it when a task opens, when its deadline changes (extension,
    calendar year entered, campaign dates edited) and when its handler's organisation changes.
    Raises CalendarYearMissing before writing anything.

    New keys (a task just opened) are inserted in one statement (ON CONFLICT DO NOTHING); a key
    that exists already is moved by `schedule` (which leaves a sent one alone). `fresh`: the caller knows that nothing
    was ever scheduled under `key_prefix` (the task has just opened), so there is nothing to cancel.
    """
    plan = plan_deadline(
        policy=policy,
        deadline=deadline,
        key_prefix=key_prefix,
        recipient=recipient,
        role=role,
        organisation=organisation,
        handler_organisation=handler_organisation,
        owner_department=owner_department,
        now=now,
        calendar=calendar,
    )
    params = check_params(params)
    target_type, target_id = target_reference(target, required=True)
    # No savepoint: these rows belong to the caller's change; an error fails it whole anyway.
    with transaction.atomic(savepoint=False):
        if not fresh:
            moment = timezone.now()
            ScheduledReminder.objects.filter(state=ScheduleState.PENDING, key__startswith=key_prefix).exclude(
                key__in=[p.key for p in plan]
            ).update(state=ScheduleState.CANCELLED, cancelled_at=moment, updated_at=moment)
        if not plan:
            return []
        policy.mark_in_use()
        rows = [
            ScheduledReminder(
                key=p.key, series=series_of(p.key), kind=p.kind, due_at=p.due_at, deadline=deadline,
                offset_days=p.offset_days, recipient=p.recipient, role=p.role, organisation=p.organisation,
                policy=policy, params=params, target_type=target_type, target_id=target_id, link=link,
                updated_at=timezone.now(),
            )
            for p in plan
        ]
        inserted = insert_new(rows)
        return [
            row if row.key in inserted else schedule(
                key=p.key, due_at=p.due_at, kind=p.kind, recipient=p.recipient, role=p.role,
                organisation=p.organisation, policy=policy, target=target, deadline=deadline,
                offset_days=p.offset_days, params=params, link=link,
            )
            for p, row in zip(plan, rows)
        ]
