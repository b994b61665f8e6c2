"""Without SKIP LOCKED (SQLite, the embedded default) the unique keys are the guarantee: a row
recorded twice still makes one notification and one delivery per channel."""

import pytest
from django.db import transaction

from notifications.api import schedule
from notifications.models import Delivery, Notification
from notifications.routing import create_deliveries
from notifications.sweep import _record, due, sweep
from tests.factories import UserFactory
from tests.notifications.helpers import local
from tests.threads import run_together


@pytest.mark.django_db
def test_recording_the_same_rows_twice_writes_everything_once(policy, school, published_capture):
    person = UserFactory(email="twice@example.cn")
    schedule(key="task:1:reminder:0", due_at=local(2021, 9, 28, 9), recipient=person, policy=policy, target=school)
    rows = list(due(local(2021, 9, 28, 9)))
    for _attempt in range(2):  # as two sweeps that both read the row before either wrote
        with transaction.atomic():
            create_deliveries(_record(rows, local(2021, 9, 28, 9)))
    assert Notification.objects.count() == 1 and Delivery.objects.count() == 1


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_on_sqlite(on_sqlite, policy, school, published_capture):
    people = [UserFactory(email=f"s{i}@example.cn") for i in range(20)]
    for i, person in enumerate(people):
        schedule(key=f"task:{i}:reminder:0", due_at=local(2021, 9, 28, 9), recipient=person, policy=policy,
                 target=school)
    results, errors = run_together(lambda i: sweep(now=local(2021, 9, 28, 9), batch_size=3), 2)
    assert errors == []
    assert sum(r.sent for r in results) == 20
    assert Notification.objects.count() == 20 and Delivery.objects.count() == 20
