"""schedule(): one row per key, re-scheduling moves it, the policy gets locked, bad input is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.orgs.roles import Role
from notifications.api import schedule
from notifications.models import ReminderPolicy, ScheduledReminder, ScheduleKind, ScheduleState
from tests.notifications.helpers import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def arguments(person, policy, district):
    return {
        "key": "task:1:reminder:3",
        "due_at": local(2021, 9, 28, 9, 0),
        "recipient": person,
        "policy": policy,
        "target": district,
        "kind": ScheduleKind.REMINDER,
    }


def test_schedule_writes_a_pending_row_and_locks_the_policy(arguments, person, policy, district):
    assert not policy.in_use
    row = schedule(**arguments, deadline=local(2021, 10, 8, 17, 30), offset_days=-3, params={"step": "区县初审"},
                   link="/tasks/1/")
    row.refresh_from_db()
    assert row.state == ScheduleState.PENDING
    assert row.due_at == local(2021, 9, 28, 9, 0)
    assert row.deadline == local(2021, 10, 8, 17, 30)
    assert (row.recipient, row.role, row.organisation) == (person, "", None)
    assert (row.kind, row.offset_days, row.params, row.link) == ("reminder", -3, {"step": "区县初审"}, "/tasks/1/")
    assert row.target == district and row.policy == policy
    policy.refresh_from_db()
    assert policy.in_use


def test_schedule_to_a_role_at_an_organisation(arguments, district):
    arguments.update(recipient=None, role=Role.DISTRICT_REVIEWER, organisation=district)
    row = schedule(**arguments)
    assert (row.recipient, row.role, row.organisation) == (None, "district_reviewer", district)


def test_rescheduling_the_same_key_moves_the_row(arguments, other_person, district):
    first = schedule(**arguments)
    arguments.update(due_at=local(2021, 9, 29, 9, 0), recipient=None, role=Role.DISTRICT_REVIEWER,
                     organisation=district)
    moved = schedule(**arguments)
    assert moved.pk == first.pk
    assert ScheduledReminder.objects.count() == 1
    stored = ScheduledReminder.objects.get()
    assert stored.due_at == local(2021, 9, 29, 9, 0)
    assert (stored.recipient, stored.role, stored.organisation) == (None, "district_reviewer", district)


def test_scheduling_twice_is_idempotent(arguments):
    schedule(**arguments)
    schedule(**arguments)
    assert ScheduledReminder.objects.count() == 1


def test_rescheduling_revives_a_cancelled_row(arguments):
    row = schedule(**arguments)
    ScheduledReminder.objects.filter(pk=row.pk).update(state=ScheduleState.CANCELLED, cancelled_at=local(2021, 9, 1))
    revived = schedule(**arguments)
    assert revived.state == ScheduleState.PENDING and revived.cancelled_at is None


def test_a_sent_row_is_never_rearmed(arguments):
    row = schedule(**arguments)
    ScheduledReminder.objects.filter(pk=row.pk).update(state=ScheduleState.SENT, sent_at=local(2021, 9, 28, 9, 0))
    arguments["due_at"] = local(2021, 10, 20, 9, 0)
    again = schedule(**arguments)
    assert again.state == ScheduleState.SENT
    assert ScheduledReminder.objects.get().due_at == local(2021, 9, 28, 9, 0)


def test_the_database_enforces_unique_keys(arguments, person, policy):
    ScheduledReminder.objects.create(key="k:1", due_at=local(2021, 1, 4), recipient=person, policy=policy)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledReminder.objects.create(key="k:1", due_at=local(2021, 1, 5), recipient=person, policy=policy)


@pytest.mark.parametrize(
    "fields",
    [
        {},  # neither a person nor a role
        {"role": Role.DISTRICT_REVIEWER},  # a role without its organisation
        {"role": Role.DISTRICT_REVIEWER, "with_org": True, "with_person": True},  # both
    ],
)
def test_the_database_requires_a_person_or_a_role_at_an_organisation(person, policy, district, fields):
    row = ScheduledReminder(key="k:2", due_at=local(2021, 1, 4), policy=policy, role=fields.get("role", ""))
    if fields.get("with_org"):
        row.organisation = district
    if fields.get("with_person"):
        row.recipient = person
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"recipient": None}, "必须指定接收人，或指定角色及其所在组织"),
        ({"recipient": None, "organisation": "district"}, "必须指定接收人，或指定角色及其所在组织"),
        ({"role": Role.DISTRICT_REVIEWER, "organisation": "district"}, "只能指定接收人或“角色@组织”之一"),
        ({"recipient": None, "role": Role.DISTRICT_REVIEWER}, "按角色提醒时必须指定组织"),
        ({"recipient": None, "role": "janitor", "organisation": "district"}, "未知角色：janitor"),
        ({"recipient": None, "role": Role.SCHOOL_HEAD, "organisation": "district"}, "角色“学校负责人”不能设在“和平区”"),
        ({"recipient": None, "role": Role.DISTRICT_REVIEWER, "organisation": "nowhere"}, "组织必须是已保存的组织"),
        ({"due_at": datetime.datetime(2021, 9, 28, 9, 0)}, "发送时间必须是带时区的日期时间"),
        ({"due_at": datetime.date(2021, 9, 28)}, "发送时间必须是带时区的日期时间"),
        ({"deadline": datetime.datetime(2021, 10, 8)}, "办理期限必须是带时区的日期时间"),
        ({"policy": None}, "必须指定已保存的提醒与督办策略"),
        ({"policy": ReminderPolicy(code="unsaved", name="x")}, "必须指定已保存的提醒与督办策略"),
        ({"target": None}, "必须指定提醒所针对的对象"),
        ({"kind": "sms"}, "未知的提醒类型"),
        ({"key": ""}, "唯一键不能为空"),
        ({"params": {"at": datetime.time(9)}}, "参数必须能保存为 JSON"),
    ],
)
def test_schedule_refuses_bad_input_and_writes_nothing(arguments, district, policy, change, message):
    if change.get("organisation") == "district":
        change["organisation"] = district
    arguments.update(change)
    with pytest.raises(ValidationError) as error:
        schedule(**arguments)
    assert message in str(error.value)
    assert ScheduledReminder.objects.count() == 0
    policy.refresh_from_db()
    assert not policy.in_use
