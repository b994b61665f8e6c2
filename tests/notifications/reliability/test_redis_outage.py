"""(b) The private Redis is stopped while 100 actions commit: every action succeeds at once, its
notification is in the inbox, and its email goes out after Redis returns, because the sweep
republishes what could not be published. (Redis restarts empty: nothing survives inside it.)"""

import pytest
from django.db import transaction

from notifications import conf
from notifications.api import notify
from notifications.models import Delivery, DeliveryState, Notification
from notifications.sweep import sweep
from tests.factories import UserFactory
from tests.notifications.reliability.conftest import later
from tests.notifications.reliability.processes import wait_for
from workflows.engine import message_kinds as engine_kinds

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTIONS = 100


def test_actions_during_a_redis_outage_are_all_delivered_after_it(workers, redis_server, mailbox):
    worker = workers()
    users = [UserFactory(email=f"outage{i}@example.cn") for i in range(ACTIONS)]
    redis_server.stop()

    for i, user in enumerate(users):
        with transaction.atomic():  # one action each, publishing on its commit
            notify(key=f"outage:{i}", recipient=user, kind=engine_kinds.APPROVED, params={"title": f"申报{i}"})
    assert Notification.objects.count() == ACTIONS  # every action committed, inbox rows included
    assert Delivery.objects.filter(state=DeliveryState.PENDING).count() == ACTIONS
    assert len(mailbox) == 0

    redis_server.start()
    result = sweep(now=later(conf.get("STALE_AFTER")))
    assert result.republished == ACTIONS
    wait_for(lambda: len(mailbox) >= ACTIONS, timeout=120, what=f"{ACTIONS} emails after Redis returned")
    wait_for(lambda: Delivery.objects.filter(state=DeliveryState.SENT).count() == ACTIONS, timeout=30,
             what="all deliveries recorded")
    keys = [m["key"] for m in mailbox.read()]
    assert sorted(keys) == sorted(f"outage:{i}:email" for i in range(ACTIONS))
    assert "Connection to broker lost" in worker.log() or "Cannot connect" in worker.log()
