"""(d) The same task message delivered twice (or three times) → one email.

Copies of a message happen: Redis redelivers after its visibility timeout, the sweep republishes
a delivery whose worker is slow, a publisher retries. The worker claims the delivery row before
sending, so only one copy sends; the others find it claimed by a live process or already sent."""

import pytest

from notifications.api import notify
from notifications.models import Delivery, DeliveryState
from notifications.tasks import deliver
from tests.factories import UserFactory
from tests.notifications.reliability.processes import wait_for
from workflows.engine import message_kinds as engine_kinds

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_same_message_three_times_sends_one_email(workers, control, mailbox):
    worker = workers(concurrency=2)
    (control / "pause-before").write_text("dup:email")  # hold the first copy just before sending
    notify(key="dup", recipient=UserFactory(email="dup@example.cn"), kind=engine_kinds.CC)
    delivery = Delivery.objects.get(key="dup:email")
    wait_for(lambda: (control / "paused-before").exists(), timeout=60, what="the first copy to pause")

    for _copy in range(2):  # the same message again, same task id, while the first is mid-send
        deliver.apply_async(args=[[delivery.pk]], kwargs={"reclaim_before": None}, task_id="duplicated-message")
    wait_for(lambda: worker.log().count("'sent': 0") >= 1, timeout=60, what="a copy to find the delivery claimed")
    (control / "release").write_text("")

    wait_for(lambda: worker.log().count("succeeded") >= 3, timeout=60, what="all three copies to finish")
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 1
    assert [m["key"] for m in mailbox.read()] == ["dup:email"]
    assert worker.log().count("'sent': 1") == 1 and worker.log().count("'sent': 0") == 2
