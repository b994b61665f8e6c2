"""(a) Workers killed mid-delivery, on a private Redis with real `celery worker` processes.

Where a worker dies decides what recovery can promise:
- a pool child SIGKILLed *before* it hands the email to the mail backend: the main process sees
  the child die and, with reject_on_worker_lost, puts the message back; the next child finds the
  delivery claimed by a pid that no longer exists on this host, takes it over and sends it: exactly
  one email.
- a pool child SIGKILLed *after* the hand-off but before the delivery is recorded as sent: recovery
  cannot know the email left, so it sends it again: exactly one duplicate, with the same
  Message-ID (a mail client shows it once). This is the one window where "at most one duplicate"
  is the promise.
- the whole worker SIGKILLed (main process too): nobody puts the message back and Redis keeps it
  as unacknowledged for its visibility timeout (an hour). Recovery comes from the sweep, which
  republishes the delivery once its claim is older than the sending lease; the test shows the
  original message still sitting unacknowledged in Redis when the email arrives.
"""

import os
import signal

import pytest

from notifications import conf
from notifications.api import notify
from notifications.models import Delivery, DeliveryState
from notifications.sweep import sweep
from tests.factories import UserFactory
from tests.notifications.reliability.conftest import later
from tests.notifications.reliability.processes import wait_for
from workflows.engine import message_kinds as engine_kinds

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def notify_paused(control, name: str, stage: str) -> Delivery:
    """Arm a pause at `stage` for this notification's email, then notify (commit and publish)."""
    (control / f"pause-{stage}").write_text(f"{name}:email")
    user = UserFactory(email=f"{name}@example.cn")
    notify(key=name, recipient=user, kind=engine_kinds.URGED, params={"title": "办学条件核查"})
    return Delivery.objects.get(key=f"{name}:email")


def paused_pid(control, stage) -> int:
    marker = control / f"paused-{stage}"
    wait_for(lambda: marker.exists() and marker.read_text().strip(), timeout=60,
             what=f"a worker to pause {stage} the hand-off")
    return int(marker.read_text())


def state_of(delivery) -> str:
    delivery.refresh_from_db()
    return delivery.state


def test_pool_child_killed_before_the_handoff_sends_exactly_once(workers, control, mailbox):
    worker = workers()
    delivery = notify_paused(control, "kill-before", "before")
    child = paused_pid(control, "before")
    assert child != worker.process.pid and len(mailbox) == 0
    os.kill(child, signal.SIGKILL)

    wait_for(lambda: state_of(delivery) == DeliveryState.SENT, timeout=60, what="the redelivered task to send it")
    assert [m["key"] for m in mailbox.read()] == [delivery.key]
    assert "WorkerLostError" in worker.log()  # Celery saw the child die and put the message back
    # Nothing is left over: even a sweep far in the future republishes nothing.
    assert sweep(now=later(conf.get("SENDING_LEASE") * 2)).republished == 0
    assert len(mailbox) == 1


def test_pool_child_killed_after_the_handoff_sends_one_duplicate(workers, control, mailbox):
    worker = workers()
    delivery = notify_paused(control, "kill-after", "after")
    child = paused_pid(control, "after")
    assert len(mailbox) == 1  # the email has left
    os.kill(child, signal.SIGKILL)

    wait_for(lambda: state_of(delivery) == DeliveryState.SENT, timeout=60, what="recovery to record it sent")
    emails = mailbox.read()
    # Documented: the email had left when the child died, so recovery sends it once more.
    assert len(emails) == 2
    assert emails[0]["message_id"] == emails[1]["message_id"] and emails[0]["key"] == delivery.key
    assert "WorkerLostError" in worker.log()


def test_whole_worker_killed_is_recovered_by_the_sweep_not_by_the_visibility_timeout(
    workers, control, mailbox, redis_server
):
    first = workers()
    delivery = notify_paused(control, "kill-whole", "before")
    paused_pid(control, "before")
    first.kill_all()
    assert state_of(delivery) == DeliveryState.SENDING
    assert int(redis_server.command("HLEN", "unacked")) == 1  # Redis holds the message for an hour

    workers()  # a fresh worker: it never sees the old message
    # The claim is younger than the sending lease: the sweep leaves it alone.
    assert sweep(now=later(conf.get("STALE_AFTER"))).republished == 0
    assert len(mailbox) == 0 and state_of(delivery) == DeliveryState.SENDING
    # The sweep a lease later republishes it, and the fresh worker sends it.
    assert sweep(now=later(conf.get("SENDING_LEASE"))).republished == 1
    wait_for(lambda: state_of(delivery) == DeliveryState.SENT, timeout=60, what="the republished delivery")
    assert [m["key"] for m in mailbox.read()] == [delivery.key]
    assert int(redis_server.command("HLEN", "unacked")) == 1  # the original is still unacknowledged there
