"""The worker's side in-process: claim once, send, record; backoff, last attempt, incidents."""

import datetime
import os

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from core.incidents.models import Incident
from core.incidents.services import retry_incident
from notifications import delivering
from notifications.api import notify
from notifications.channels.email import message_id
from notifications.models import Delivery, DeliveryState
from tests.factories import UserFactory
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(db):
    user = UserFactory(email="wang@example.cn", full_name="王老师")
    notify(
        key="task:7:opened:1",
        recipient=user,
        kind=engine_kinds.TASK_ASSIGNED,
        params={"title": "新优质均衡学校申报", "ref_no": "YZJH-2025-0007", "step": "区县初审"},
        link="/tasks/7/",
    )
    return Delivery.objects.get()


class Broken:
    """A mail backend that refuses everything (stands in for an SMTP server that is down)."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_sends_a_chinese_email_with_text_and_html_and_records_it(delivery):
    outcome = delivering.deliver([delivery.pk])
    assert outcome.sent == [delivery.pk]
    (message,) = mail.outbox
    assert message.subject == "【沈阳市教育局审批系统】您有一项新的待办：新优质均衡学校申报（YZJH-2025-0007）"
    assert message.to == ["wang@example.cn"]
    assert "王老师，您好" in message.body and "办理环节：区县初审" in message.body
    assert "http://localhost:8000/tasks/7/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "前往办理" in html
    assert message.extra_headers["Message-ID"] == message_id("task:7:opened:1:email")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 1) and delivery.sent_at


def test_the_same_ids_twice_send_once(delivery):
    delivering.deliver([delivery.pk, delivery.pk])
    second = delivering.deliver([delivery.pk])
    assert len(mail.outbox) == 1 and second.sent == [] and second.skipped == 1


def test_a_live_claim_is_respected_and_a_dead_or_expired_one_taken_over(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.SENDING, claimed_at=timezone.now(), claimed_by=f"{os.uname().nodename}:1"
    )  # pid 1 is alive in any container
    assert delivering.deliver([delivery.pk]).sent == []
    # Reclaimed by the sweep's judgement that the claim is older than the lease.
    assert delivering.deliver([delivery.pk], reclaim_before=timezone.now()).sent == [delivery.pk]
    assert len(mail.outbox) == 1


def test_a_claim_by_a_dead_process_on_this_host_is_taken_over(delivery):
    dead = 2**22 + 12345  # above the default pid_max: no such process
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.SENDING, claimed_at=timezone.now(), claimed_by=f"{delivering.claimer_identity().rpartition(':')[0]}:{dead}"
    )
    assert delivering.deliver([delivery.pk]).sent == [delivery.pk]


def test_a_claim_on_another_host_waits_for_the_lease(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.SENDING, claimed_at=timezone.now(), claimed_by="elsewhere:999999"
    )
    assert delivering.deliver([delivery.pk]).sent == []


@override_settings(EMAIL_BACKEND="tests.notifications.test_delivering.Broken")
def test_a_failure_backs_off_with_jitter_then_fails_for_good_with_an_incident(delivery):
    before = timezone.now()
    outcome = delivering.deliver([delivery.pk])
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1
    assert "smtp down" in delivery.last_error
    # First backoff: 15 to 30 seconds (base 30 s, jitter between half and all of it).
    assert before + datetime.timedelta(seconds=15) <= delivery.available_at
    assert delivery.available_at <= timezone.now() + datetime.timedelta(seconds=30)
    assert outcome.retry == {delivery.pk: delivery.available_at}
    assert delivering.deliver([delivery.pk]).sent == []  # not before its time

    for _attempt in range(4):
        Delivery.objects.filter(pk=delivery.pk).update(available_at=timezone.now())
        delivering.deliver([delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 5)
    incident = Incident.objects.get(kind=delivering.INCIDENT_KIND)
    assert incident.key == f"delivery:{delivery.pk}" and incident.payload == {"delivery": delivery.pk}
    assert "通知投递失败" in incident.title and "smtp down" in incident.detail


def test_backoff_grows_and_is_capped():
    delays = [delivering.backoff(n).total_seconds() for n in range(1, 10)]
    assert 15 <= delays[0] <= 30 and 60 <= delays[2] <= 120
    assert all(d <= 300 for d in delays)


def test_admin_retry_sends_it_and_resolves_the_incident(delivery, person):
    with override_settings(EMAIL_BACKEND="tests.notifications.test_delivering.Broken"):
        Delivery.objects.filter(pk=delivery.pk).update(attempts=4)
        delivering.deliver([delivery.pk])
        incident = Incident.objects.get(kind=delivering.INCIDENT_KIND)
        still_open = retry_incident(incident, by=person)
        assert still_open.is_open and "smtp down" in still_open.last_error
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    retried = retry_incident(incident, by=person)
    assert not retried.is_open
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT and len(mail.outbox) == 1


def test_a_missing_address_fails_at_once(delivery):
    delivery.recipient.email = ""
    delivery.recipient.save()
    outcome = delivering.deliver([delivery.pk])
    assert outcome.failed == [delivery.pk]
    assert Incident.objects.filter(kind=delivering.INCIDENT_KIND).exists()


def test_the_handoff_signals_bracket_the_send(delivery):
    from notifications.signals import after_handoff, before_handoff

    seen = []

    def before(delivery, **kwargs):
        seen.append(("before", len(mail.outbox)))

    def after(delivery, **kwargs):
        seen.append(("after", len(mail.outbox)))

    before_handoff.connect(before)
    after_handoff.connect(after)
    try:
        delivering.deliver([delivery.pk])
    finally:
        before_handoff.disconnect(before)
        after_handoff.disconnect(after)
    assert seen == [("before", 0), ("after", 1)]


def test_an_interrupted_batch_puts_what_it_did_not_try_back(delivery):
    from notifications.signals import before_handoff

    other = UserFactory(email="li@example.cn")
    notify(key="task:8:opened:1", recipient=other, kind=engine_kinds.TASK_ASSIGNED)
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))

    def time_is_up(delivery, **kwargs):
        if delivery.pk == ids[1]:
            raise SoftTimeLimitExceeded()

    before_handoff.connect(time_is_up)
    try:
        with pytest.raises(SoftTimeLimitExceeded):
            delivering.deliver(ids)
    finally:
        before_handoff.disconnect(time_is_up)
    states = dict(Delivery.objects.values_list("pk", "state"))
    assert states == {ids[0]: DeliveryState.SENT, ids[1]: DeliveryState.PENDING}
    assert Delivery.objects.get(pk=ids[1]).attempts == 0
