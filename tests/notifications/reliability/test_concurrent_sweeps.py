"""(c) Two sweepers at once, cycle after cycle, with a real worker sending: zero duplicates.

Each cycle makes new schedule rows due (people, a role queue with several holders, and tasks
whose earlier stage is superseded by a later one), then two sweeps run at the same instant in two
threads on their own database connections. SKIP LOCKED splits the rows between them; the unique
keys would refuse a second recording anyway."""

import collections
import datetime

import pytest
from django.utils import timezone

from core.orgs.roles import Role
from notifications.api import schedule
from notifications.models import Delivery, DeliveryState, Notification, ReminderPolicy, ScheduledReminder
from notifications.sweep import sweep
from tests.factories import OrganisationFactory, UserFactory, grant
from tests.notifications.reliability.processes import wait_for
from tests.threads import run_together

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CYCLES = 15
TASKS_PER_CYCLE = 8


def test_two_sweepers_for_many_cycles_send_nothing_twice(workers, mailbox):
    workers(concurrency=2)
    policy = ReminderPolicy.objects.create(code="concurrent", name="并发测试")
    district = OrganisationFactory.district()
    queue = [UserFactory(email=f"q{i}@example.cn") for i in range(3)]
    for user in queue:
        grant(user, Role.DISTRICT_REVIEWER, district)
    people = [UserFactory(email=f"p{i}@example.cn") for i in range(TASKS_PER_CYCLE)]
    start = timezone.now() - datetime.timedelta(days=1)
    expected_emails = 0
    for cycle in range(CYCLES):
        now = start + datetime.timedelta(minutes=cycle)
        for t, person in enumerate(people):
            prefix = f"c{cycle}:t{t}:"
            # Both stages are due: only the later one ("reminder:1") goes out.
            schedule(key=f"{prefix}reminder:3", due_at=now - datetime.timedelta(days=2), recipient=person,
                     policy=policy, target=district)
            schedule(key=f"{prefix}reminder:1", due_at=now, recipient=person, policy=policy, target=district)
        schedule(key=f"c{cycle}:queue:reminder:0", due_at=now, role=Role.DISTRICT_REVIEWER, organisation=district,
                 policy=policy, target=district)
        expected_emails += TASKS_PER_CYCLE + len(queue)
        results, errors = run_together(lambda i, now=now: sweep(now=now, batch_size=3), 2)
        assert errors == []
        assert sum(r.due for r in results) == 2 * TASKS_PER_CYCLE + 1

    states = collections.Counter(ScheduledReminder.objects.values_list("state", flat=True))
    assert states == {"sent": CYCLES * (TASKS_PER_CYCLE + 1), "skipped": CYCLES * TASKS_PER_CYCLE}
    assert not ScheduledReminder.objects.filter(key__endswith="reminder:3", state="sent").exists()
    assert Notification.objects.count() == expected_emails

    wait_for(lambda: len(mailbox) >= expected_emails and not Delivery.objects.exclude(state=DeliveryState.SENT).exists(),
             timeout=120, what=f"{expected_emails} emails")
    keys = [m["key"] for m in mailbox.read()]
    assert len(keys) == len(set(keys)) == expected_emails
