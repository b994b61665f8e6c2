"""Policies are data with unique keys, locked once in use, copied to a new version to change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from notifications.api import schedule
from notifications.models import PolicyStep, ReminderPolicy, ScheduleKind
from tests.notifications.helpers import local

pytestmark = pytest.mark.django_db


def test_the_default_policy_is_seeded():
    policy = ReminderPolicy.objects.current()
    assert (policy.code, policy.version, policy.in_use) == ("default", 1, False)
    steps = [(s.kind, s.working_days, s.at_time, s.level) for s in policy.steps.all()]
    nine = datetime.time(9, 0)
    assert steps == [
        ("escalation", 1, nine, "handler_org"),
        ("escalation", 3, nine, "owner_department"),
        ("reminder", 0, nine, ""),
        ("reminder", 1, nine, ""),
        ("reminder", 3, nine, ""),
    ]


def test_the_newest_version_and_its_steps_come_in_one_statement(policy, django_assert_num_queries):
    newer = policy.new_version()
    PolicyStep.objects.filter(policy=newer, kind=ScheduleKind.ESCALATION).delete()
    with django_assert_num_queries(1):
        loaded = ReminderPolicy.objects.current_with_steps("test")
        steps = loaded.step_list()
    assert loaded == newer
    assert [(s.kind, s.working_days) for s in steps] == [(s.kind, s.working_days) for s in newer.steps.all()]
    assert all(step.policy is loaded for step in steps)
    PolicyStep.objects.filter(policy=newer).delete()
    with django_assert_num_queries(2):  # no steps: the policy is read on its own
        assert ReminderPolicy.objects.current_with_steps("test").step_list() == []
    assert ReminderPolicy.objects.current_with_steps("nothing") is None


def test_code_and_version_are_unique(policy):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderPolicy.objects.create(code=policy.code, version=policy.version, name="重复")


def test_current_is_the_newest_version(policy):
    newer = policy.new_version()
    assert ReminderPolicy.objects.current("test") == newer
    assert ReminderPolicy.objects.current("nothing") is None


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": ScheduleKind.REMINDER, "working_days": 2, "level": "handler_org"},  # a reminder with a level
        {"kind": ScheduleKind.ESCALATION, "working_days": 2, "level": ""},  # an escalation without one
        {"kind": ScheduleKind.ESCALATION, "working_days": 0, "level": "handler_org"},  # escalating on the due day
        {"kind": ScheduleKind.REMINDER, "working_days": 3, "level": ""},  # a second step on the same day
    ],
)
def test_the_database_refuses_inconsistent_steps(policy, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyStep.objects.create(policy=policy, **fields)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": ScheduleKind.REMINDER, "working_days": 2, "level": "handler_org"}, "到期提醒不需要督办对象"),
        ({"kind": ScheduleKind.ESCALATION, "working_days": 2, "level": ""}, "超期督办必须选择督办对象"),
        ({"kind": ScheduleKind.ESCALATION, "working_days": 0, "level": "handler_org"}, "至少在超期后第1个工作日"),
        ({"kind": ScheduleKind.REMINDER, "working_days": 61, "level": ""}, "工作日数不能超过60"),
    ],
)
def test_step_validation_names_the_problem(policy, fields, message):
    with pytest.raises(ValidationError) as error:
        PolicyStep(policy=policy, **fields).full_clean()
    assert message in str(error.value)


@pytest.fixture
def used_policy(policy, person, district):
    schedule(key="task:1:reminder:3", due_at=local(2021, 9, 28, 9), recipient=person, policy=policy, target=district)
    policy.refresh_from_db()
    assert policy.in_use
    return policy


def test_a_policy_in_use_cannot_change_its_steps(used_policy):
    step = used_policy.steps.first()
    step.at_time = datetime.time(8, 0)
    with pytest.raises(ValidationError, match="已被使用，不能再修改"):
        step.save()
    with pytest.raises(ValidationError, match="已被使用"):
        step.delete()
    with pytest.raises(ValidationError, match="已被使用"):
        PolicyStep.objects.create(policy=used_policy, kind=ScheduleKind.REMINDER, working_days=5)
    with pytest.raises(ValidationError, match="已被使用"):
        PolicyStep(policy=used_policy, kind=ScheduleKind.REMINDER, working_days=5).full_clean()
    assert used_policy.steps.count() == 5
    assert not used_policy.steps.filter(at_time=datetime.time(8, 0)).exists()


def test_a_policy_in_use_cannot_change_its_code_or_version_nor_be_deleted(used_policy):
    used_policy.version = 9
    with pytest.raises(ValidationError, match="已被使用"):
        used_policy.save()
    used_policy.refresh_from_db()
    used_policy.name = "改个名字"  # the label may still be corrected
    used_policy.save()
    with pytest.raises(ProtectedError), transaction.atomic():
        used_policy.delete()


def test_a_new_version_copies_the_steps_unlocked(used_policy):
    copy = used_policy.new_version()
    assert (copy.code, copy.version, copy.in_use) == ("test", 2, False)
    original = [(s.kind, s.working_days, s.at_time, s.level) for s in used_policy.steps.all()]
    assert [(s.kind, s.working_days, s.at_time, s.level) for s in copy.steps.all()] == original
    step = copy.steps.get(kind=ScheduleKind.REMINDER, working_days=3)
    step.working_days = 5
    step.save()
    assert used_policy.new_version().version == 3
