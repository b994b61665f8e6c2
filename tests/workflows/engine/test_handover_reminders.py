"""Reminders follow the task's holder: after 转办 the scheduled reminders are the new owner's, and
one that falls due later reaches them (and not the old handler); 委派 lends them, hand-back returns
them."""

import pytest
import time_machine
from notifications import kinds
from notifications.models import Notification, ScheduledReminder, ScheduleKind, ScheduleState
from notifications.sweep import sweep

from core.calendar import install_test_calendar
from tests.city import build_city
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.deadline_helpers import local
from workflows.engine import services

SUBMITTED = local(2021, 9, 30, 10, 0)  # district review due 13 Oct; reminders 9, 12 and 13 Oct at 09:00


@pytest.fixture
def city(db):
    install_test_calendar([2021])
    with time_machine.travel(SUBMITTED, tick=False):
        return build_city()


def reminders(task):
    return ScheduledReminder.objects.filter(key__startswith=f"task:{task.pk}:", kind=ScheduleKind.REMINDER,
                                            state=ScheduleState.PENDING)


def reminded(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user, kind=kinds.REMINDER).values_list("key", flat=True))


def test_reminders_follow_a_transfer(city):
    with time_machine.travel(SUBMITTED, tick=False):
        item = submitted_item(city)
    task = open_task(item)
    # Queued: the reminders go to the queue (role at the district).
    assert {(r.recipient_id, r.role) for r in reminders(task)} == {(None, "district_reviewer")}
    with time_machine.travel(local(2021, 10, 8, 10, 0), tick=False):
        services.transfer_task(task=task, by=city.reviewer, to=city.reviewer2)
    assert reminders(task).count() == 3
    assert {(r.recipient_id, r.role, r.organisation_id) for r in reminders(task)} == {(city.reviewer2.pk, "", None)}

    sweep(now=local(2021, 10, 9, 9, 1))  # the reminder three working days before
    assert reminded(city.reviewer2) == [f"task:{task.pk}:due1:reminder:3:u{city.reviewer2.pk}"]
    assert reminded(city.reviewer) == []


def test_reminders_go_to_the_delegate_and_come_back(city):
    with time_machine.travel(SUBMITTED, tick=False):
        item = submitted_item(city)
        task = open_task(item)
        services.claim_task(task=task, by=city.reviewer)
        services.delegate_task(task=task, by=city.reviewer, to=city.reviewer2)
    assert {r.recipient_id for r in reminders(task)} == {city.reviewer2.pk}
    sweep(now=local(2021, 10, 9, 9, 1))
    assert reminded(city.reviewer2) == [f"task:{task.pk}:due1:reminder:3:u{city.reviewer2.pk}"]

    with time_machine.travel(local(2021, 10, 11, 10, 0), tick=False):
        services.complete_delegation(task=task, by=city.reviewer2, comment="已核对。")
    assert {r.recipient_id for r in reminders(task)} == {city.reviewer.pk}
    sweep(now=local(2021, 10, 12, 9, 1))
    assert reminded(city.reviewer) == [f"task:{task.pk}:due1:reminder:1:u{city.reviewer.pk}"]
