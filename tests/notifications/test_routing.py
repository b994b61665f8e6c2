"""Which deliveries a notification gets: preferences, addresses, digests, group robots."""

import pytest
from django.db import IntegrityError, transaction

from core.orgs.roles import Role
from notifications import kinds
from notifications.api import notify
from notifications.models import Channel, Delivery, DeliveryState, EmailMode, OutboxState
from notifications.preferences import set_channel_preference
from notifications.webhooks import configure_webhook
from tests.factories import UserFactory, grant
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


def _deliveries(notification):
    return {(d.channel, d.state) for d in Delivery.objects.filter(notification=notification)}


def test_email_by_default_when_the_person_has_an_address(district):
    user = UserFactory(email="a@example.cn")
    n = notify(key="k:1", recipient=user, kind=engine_kinds.TASK_ASSIGNED)
    assert _deliveries(n) == {(Channel.EMAIL, DeliveryState.PENDING)}
    assert Delivery.objects.get().key == "k:1:email"
    n.refresh_from_db()
    assert n.state == OutboxState.PUBLISHED  # routed in the same transaction


def test_no_address_no_email_only_the_inbox():
    user = UserFactory(email="")
    n = notify(key="k:1", recipient=user, kind=engine_kinds.TASK_ASSIGNED)
    assert _deliveries(n) == set()
    n.refresh_from_db()
    assert n.state == OutboxState.PUBLISHED


def test_email_off_for_one_kind_only():
    user = UserFactory(email="a@example.cn")
    set_channel_preference(user=user, kind=engine_kinds.CC, email=EmailMode.OFF, webhook=False)
    assert _deliveries(notify(key="k:1", recipient=user, kind=engine_kinds.CC)) == set()
    assert _deliveries(notify(key="k:2", recipient=user, kind=engine_kinds.URGED)) == {
        (Channel.EMAIL, DeliveryState.PENDING)
    }


def test_digest_holds_the_email_but_never_an_escalation():
    user = UserFactory(email="a@example.cn")
    set_channel_preference(user=user, kind=kinds.REMINDER, email=EmailMode.DIGEST, webhook=True)
    assert _deliveries(notify(key="k:1", recipient=user, kind=kinds.REMINDER)) == {
        (Channel.EMAIL, DeliveryState.HELD)
    }


def test_the_database_refuses_an_escalation_digest_preference():
    from notifications.models import ChannelPreference

    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ChannelPreference.objects.create(user=user, kind=kinds.ESCALATION, email=EmailMode.DIGEST)


def test_group_robot_of_each_organisation_where_the_person_holds_a_role(district, school):
    user = UserFactory(email="")
    grant(user, Role.DISTRICT_REVIEWER, district)
    grant(user, Role.SCHOOL_HEAD, school)
    robot = configure_webhook(organisation=district, url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")
    n = notify(key="k:1", recipient=user, kind=engine_kinds.TASK_ASSIGNED)
    (delivery,) = Delivery.objects.filter(notification=n)
    assert (delivery.channel, delivery.endpoint, delivery.key) == (Channel.WEBHOOK, robot, f"k:1:webhook:{robot.pk}")


def test_robot_off_by_preference_and_inactive_robots_ignored(district):
    user = UserFactory(email="")
    grant(user, Role.DISTRICT_REVIEWER, district)
    configure_webhook(organisation=district, url="https://example.cn/hook")
    set_channel_preference(user=user, kind=kinds.INFO, email=EmailMode.INSTANT, webhook=False)
    assert _deliveries(notify(key="k:1", recipient=user, kind=kinds.INFO)) == set()
    configure_webhook(organisation=district, url="https://example.cn/hook", is_active=False)
    assert _deliveries(notify(key="k:2", recipient=user, kind=engine_kinds.URGED)) == set()


def test_notify_twice_writes_one_set_of_deliveries():
    user = UserFactory(email="a@example.cn")
    notify(key="k:1", recipient=user, kind=engine_kinds.TASK_ASSIGNED)
    notify(key="k:1", recipient=user, kind=engine_kinds.TASK_ASSIGNED)
    assert Delivery.objects.count() == 1


def test_a_delivery_key_is_unique_in_the_database():
    user = UserFactory(email="a@example.cn")
    n = notify(key="k:1", recipient=user, kind=engine_kinds.TASK_ASSIGNED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(key="k:1:email", channel=Channel.EMAIL, notification=n, recipient=user)
