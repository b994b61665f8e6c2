"""plan_deadline() and schedule_deadline(): a policy and a deadline become concrete rows, on the
official calendar (2021 National Day: Sunday 26 September and Saturday 9 October were working days)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.calendar import CalendarYearMissing
from core.orgs.roles import Role
from notifications.models import PolicyStep, ReminderPolicy, ScheduledReminder, ScheduleKind, ScheduleState
from notifications.planning import plan_deadline, schedule_deadline
from tests.factories import UserFactory
from tests.notifications.helpers import local

pytestmark = pytest.mark.django_db

DEADLINE = local(2021, 10, 8, 17, 30)  # Friday, the first working day after the holiday
BEFORE = local(2021, 9, 1, 12, 0)


@pytest.fixture
def heads(school, department):
    """The school and the department each have a head."""
    school.head = UserFactory(full_name="校长")
    school.save()
    department.head = UserFactory(full_name="处长")
    department.save()
    return school.head, department.head


def plan(policy, person, school, department, **overrides):
    arguments = {
        "policy": policy,
        "deadline": DEADLINE,
        "key_prefix": "task:7:",
        "recipient": person,
        "handler_organisation": school,
        "owner_department": department,
        "now": BEFORE,
    }
    arguments.update(overrides)
    return plan_deadline(**arguments)


def test_the_default_policy_on_the_official_calendar(person, school, department, heads):
    policy = ReminderPolicy.objects.current("default")
    steps = plan(policy, person, school, department)
    assert [(p.key, p.kind, p.due_at, p.offset_days) for p in steps] == [
        ("task:7:reminder:3", "reminder", local(2021, 9, 28, 9, 0), -3),
        ("task:7:reminder:1", "reminder", local(2021, 9, 30, 9, 0), -1),
        ("task:7:reminder:0", "reminder", local(2021, 10, 8, 9, 0), 0),
        ("task:7:escalation:1", "escalation", local(2021, 10, 9, 9, 0), 1),  # a make-up Saturday
        ("task:7:escalation:3", "escalation", local(2021, 10, 12, 9, 0), 3),
    ]
    assert [p.recipient for p in steps] == [person, person, person, heads[0], heads[1]]
    assert [p.organisation for p in steps[3:]] == [school, department]


def test_the_reminder_counts_a_make_up_working_day(person, school, department, heads, policy):
    # Due Wednesday 29 September: 3 working days before is Sunday 26 September (调休上班).
    steps = plan(policy, person, school, department, deadline=local(2021, 9, 29, 17, 30))
    assert steps[0].due_at == local(2021, 9, 26, 9, 0)


def test_times_are_in_shanghai_whatever_the_deadlines_zone(person, school, department, heads, policy):
    utc_deadline = DEADLINE.astimezone(datetime.timezone.utc)  # 09:30 UTC, same instant
    assert plan(policy, person, school, department, deadline=utc_deadline)[0].due_at == local(2021, 9, 28, 9, 0)


def test_reminders_already_past_are_left_out_but_escalations_are_kept(person, school, department, heads, policy):
    steps = plan(policy, person, school, department, now=local(2021, 10, 8, 9, 30))
    assert [p.key for p in steps] == ["task:7:escalation:1", "task:7:escalation:3"]
    overdue = plan(policy, person, school, department, now=local(2021, 10, 13, 9, 30))
    assert [p.key for p in overdue] == ["task:7:escalation:1", "task:7:escalation:3"]


def test_a_due_day_reminder_after_the_deadline_is_left_out(person, school, department, heads, policy):
    steps = plan(policy, person, school, department, deadline=local(2021, 10, 8, 8, 0))
    assert "task:7:reminder:0" not in [p.key for p in steps]


def test_a_level_whose_head_is_the_handler_is_skipped(school, department, heads, policy):
    principal, director = heads
    steps = plan(policy, principal, school, department)
    escalations = [(p.offset_days, p.recipient, p.organisation) for p in steps if p.kind == ScheduleKind.ESCALATION]
    # The school's head is the handler: the 1st escalation goes up to the department's head.
    assert escalations == [(1, director, department), (3, director, department)]


def test_a_level_without_a_head_is_skipped_and_an_empty_chain_drops_the_step(person, school, department, policy):
    assert [p.kind for p in plan(policy, person, school, department)] == ["reminder"] * 3
    school.head = UserFactory()
    school.save()
    assert [p.recipient for p in plan(policy, person, school, None)][3:] == [school.head]


def test_escalation_to_the_parent_organisation(person, school, district, department, policy):
    policy.steps.filter(kind=ScheduleKind.ESCALATION, working_days=1).update(level="handler_org_parent")
    district.head = UserFactory(full_name="区县局长")
    district.save()
    steps = plan(policy, person, school, department)
    assert [(p.recipient, p.organisation) for p in steps if p.offset_days == 1] == [(district.head, district)]


def test_a_queue_is_reminded_as_role_at_organisation(district, department, reviewer, policy):
    district.head = UserFactory()
    district.save()
    steps = plan(policy, None, None, department, role=Role.DISTRICT_REVIEWER, organisation=district)
    reminders = [(p.recipient, p.role, p.organisation) for p in steps if p.kind == ScheduleKind.REMINDER]
    assert reminders == [(None, "district_reviewer", district)] * 3
    # The queue's organisation is the handler's organisation for escalations.
    assert [p.recipient for p in steps if p.offset_days == 1] == [district.head]


def test_a_policy_of_its_own_times_and_days(person, school, department):
    policy = ReminderPolicy.objects.create(code="custom", name="自定义")
    PolicyStep.objects.create(policy=policy, kind=ScheduleKind.REMINDER, working_days=2, at_time=datetime.time(14, 30))
    steps = plan(policy, person, school, department)
    assert [(p.key, p.due_at) for p in steps] == [("task:7:reminder:2", local(2021, 9, 29, 14, 30))]


def test_a_missing_calendar_year_propagates_and_nothing_is_written(person, school, department, heads, policy):
    with pytest.raises(CalendarYearMissing) as error:
        schedule_deadline(
            key_prefix="task:7:", deadline=local(2099, 6, 1, 17, 30), policy=policy, target=school, recipient=person,
            handler_organisation=school, owner_department=department, now=BEFORE,
        )
    assert error.value.year == 2099
    assert ScheduledReminder.objects.count() == 0


@pytest.mark.parametrize(
    "change, message",
    [
        ({"recipient": None}, "必须指定接收人，或指定角色及其所在组织"),
        ({"key_prefix": "task:7"}, "键前缀必须以“:”结尾"),
        ({"deadline": datetime.datetime(2021, 10, 8, 17, 30)}, "办理期限必须是带时区的日期时间"),
    ],
)
def test_schedule_deadline_refuses_bad_input(person, school, department, policy, change, message):
    arguments = {
        "key_prefix": "task:7:", "deadline": DEADLINE, "policy": policy, "target": school, "recipient": person,
        "handler_organisation": school, "owner_department": department, "now": BEFORE,
    }
    arguments.update(change)
    with pytest.raises(ValidationError) as error:
        schedule_deadline(**arguments)
    assert message in str(error.value)
    assert ScheduledReminder.objects.count() == 0


def test_schedule_deadline_writes_the_plan(person, school, department, heads, policy):
    rows = schedule_deadline(
        key_prefix="task:7:", deadline=DEADLINE, policy=policy, target=school, recipient=person,
        handler_organisation=school, owner_department=department, params={"step": "区县初审"}, link="/t/7/",
        now=BEFORE,
    )
    assert len(rows) == ScheduledReminder.objects.filter(state=ScheduleState.PENDING).count() == 5
    assert {r.deadline for r in rows} == {DEADLINE}
    assert {r.params["step"] for r in rows} == {"区县初审"}
    assert ScheduledReminder.objects.get(key="task:7:escalation:3").recipient == heads[1]


def test_a_later_deadline_moves_the_rows_and_a_sent_one_stays_sent(person, school, department, heads, policy):
    arguments = {
        "key_prefix": "task:7:", "policy": policy, "target": school, "recipient": person,
        "handler_organisation": school, "owner_department": department, "now": BEFORE,
    }
    schedule_deadline(deadline=DEADLINE, **arguments)
    ScheduledReminder.objects.filter(key="task:7:reminder:3").update(state=ScheduleState.SENT)
    extended = local(2021, 10, 15, 17, 30)  # an extension of a week
    schedule_deadline(deadline=extended, **arguments)
    assert ScheduledReminder.objects.count() == 5
    assert ScheduledReminder.objects.get(key="task:7:reminder:1").due_at == local(2021, 10, 14, 9, 0)
    sent = ScheduledReminder.objects.get(key="task:7:reminder:3")
    assert sent.state == ScheduleState.SENT and sent.due_at == local(2021, 9, 28, 9, 0)


def test_an_earlier_deadline_cancels_the_steps_now_in_the_past(person, school, department, heads, policy):
    arguments = {
        "key_prefix": "task:7:", "policy": policy, "target": school, "recipient": person,
        "handler_organisation": school, "owner_department": department,
    }
    schedule_deadline(deadline=DEADLINE, now=BEFORE, **arguments)
    schedule_deadline(deadline=local(2021, 9, 30, 17, 30), now=local(2021, 9, 28, 10, 0), **arguments)
    states = dict(ScheduledReminder.objects.values_list("key", "state"))
    assert states["task:7:reminder:3"] == ScheduleState.CANCELLED  # 27 September 09:00: already past
    assert states["task:7:reminder:1"] == ScheduleState.PENDING
    assert ScheduledReminder.objects.get(key="task:7:reminder:1").due_at == local(2021, 9, 29, 9, 0)


def test_schedule_deadline_leaves_other_prefixes_alone(person, school, department, heads, policy):
    for prefix in ("task:7:", "task:70:"):
        schedule_deadline(key_prefix=prefix, deadline=DEADLINE, policy=policy, target=school, recipient=person,
                          handler_organisation=school, owner_department=department, now=BEFORE)
    schedule_deadline(key_prefix="task:7:", deadline=DEADLINE, policy=policy, target=school, recipient=person,
                      handler_organisation=school, owner_department=department, now=local(2021, 10, 13))
    assert ScheduledReminder.objects.filter(key__startswith="task:70:", state=ScheduleState.PENDING).count() == 5
