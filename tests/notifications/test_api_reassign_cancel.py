"""reassign() and cancel(): by key or by prefix, pending rows only, bad input refused."""

import pytest
from django.core.exceptions import ValidationError

from core.orgs.roles import Role
from notifications.api import cancel, reassign, schedule
from notifications.models import ScheduledReminder, ScheduleKind, ScheduleState
from tests.notifications.helpers import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(person, policy, district, department):
    """Task 1: three reminders to `person` and one escalation; task 10: one reminder."""

    def add(key, kind=ScheduleKind.REMINDER, day=1):
        return schedule(key=key, due_at=local(2021, 10, day, 9), recipient=person, policy=policy, target=district,
                        kind=kind)

    rows = {
        "r3": add("task:1:reminder:3"),
        "r1": add("task:1:reminder:1", day=2),
        "r0": add("task:1:reminder:0", day=3),
        "e1": add("task:1:escalation:1", kind=ScheduleKind.ESCALATION, day=4),
        "other": add("task:10:reminder:3"),
    }
    return rows


def state(row):
    row.refresh_from_db()
    return row


def test_reassign_by_prefix_moves_pending_reminders_only(plan, person, other_person):
    ScheduledReminder.objects.filter(pk=plan["r3"].pk).update(state=ScheduleState.SENT)
    moved = reassign(prefix="task:1:", recipient=other_person)
    assert moved == 2
    assert state(plan["r1"]).recipient == other_person
    assert state(plan["r0"]).recipient == other_person
    assert state(plan["r3"]).recipient == person  # already sent
    assert state(plan["e1"]).recipient == person  # escalations go to heads, not to the handler
    assert state(plan["other"]).recipient == person  # "task:1:" is not a prefix of "task:10:"


def test_reassign_by_key_to_a_queue(plan, district):
    assert reassign(key="task:1:reminder:1", role=Role.DISTRICT_REVIEWER, organisation=district) == 1
    row = state(plan["r1"])
    assert (row.recipient, row.role, row.organisation) == (None, "district_reviewer", district)
    assert state(plan["r0"]).role == ""


def test_reassign_back_from_a_queue_to_a_person(plan, district, other_person):
    reassign(prefix="task:1:", role=Role.DISTRICT_REVIEWER, organisation=district)
    assert reassign(prefix="task:1:", recipient=other_person) == 3
    row = state(plan["r1"])
    assert (row.recipient, row.role, row.organisation) == (other_person, "", None)


def test_cancel_by_prefix_cancels_pending_reminders_and_escalations(plan):
    ScheduledReminder.objects.filter(pk=plan["r3"].pk).update(state=ScheduleState.SENT)
    assert cancel(prefix="task:1:") == 3
    assert state(plan["r3"]).state == ScheduleState.SENT
    for name in ("r1", "r0", "e1"):
        row = state(plan[name])
        assert row.state == ScheduleState.CANCELLED and row.cancelled_at is not None
    assert state(plan["other"]).state == ScheduleState.PENDING


def test_cancel_by_key_and_twice(plan):
    assert cancel(key="task:10:reminder:3") == 1
    assert cancel(key="task:10:reminder:3") == 0
    assert cancel(key="task:99:reminder:3") == 0
    assert state(plan["other"]).state == ScheduleState.CANCELLED
    assert ScheduledReminder.objects.filter(state=ScheduleState.PENDING).count() == 4


@pytest.mark.parametrize(
    "selector, message",
    [
        ({}, "必须且只能指定唯一键或键前缀之一"),
        ({"key": "task:1:reminder:3", "prefix": "task:1:"}, "必须且只能指定唯一键或键前缀之一"),
        ({"prefix": "task:1"}, "键前缀必须以“:”结尾"),
        ({"prefix": ":"}, "键前缀必须以“:”结尾"),
        ({"prefix": ""}, "唯一键不能为空"),
        ({"key": ""}, "唯一键不能为空"),
    ],
)
def test_cancel_and_reassign_refuse_bad_selectors(plan, person, selector, message):
    with pytest.raises(ValidationError) as error:
        cancel(**selector)
    assert message in str(error.value)
    with pytest.raises(ValidationError) as error:
        reassign(**selector, recipient=person)
    assert message in str(error.value)
    assert ScheduledReminder.objects.filter(state=ScheduleState.PENDING).count() == 5


@pytest.mark.parametrize(
    "to, message",
    [
        ({}, "必须指定接收人，或指定角色及其所在组织"),
        ({"role": Role.DISTRICT_REVIEWER}, "按角色提醒时必须指定组织"),
        ({"recipient": "other", "role": Role.DISTRICT_REVIEWER}, "只能指定接收人或“角色@组织”之一"),
    ],
)
def test_reassign_refuses_a_missing_or_ambiguous_recipient(plan, person, other_person, district, to, message):
    if to.get("recipient") == "other":
        to = {**to, "recipient": other_person, "organisation": district}
    with pytest.raises(ValidationError) as error:
        reassign(prefix="task:1:", **to)
    assert message in str(error.value)
    assert set(ScheduledReminder.objects.values_list("recipient", flat=True)) == {person.pk}
