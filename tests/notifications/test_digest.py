"""Daily digests: one email per person at 08:30 on working days, escalations never held."""

import pytest
import time_machine
from django.core import mail

from core import calendar as workcal
from core.incidents.models import Incident
from notifications import kinds
from notifications import delivering
from notifications.api import notify
from notifications.digests import CALENDAR_INCIDENT_KIND, build_digests
from notifications.models import Channel, Delivery, DeliveryState, EmailMode
from notifications.preferences import set_channel_preference
from tests.factories import UserFactory
from tests.notifications.helpers import local
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    user = UserFactory(email="digest@example.cn", full_name="钱老师")
    for kind in [kinds.REMINDER, engine_kinds.CC]:
        set_channel_preference(user=user, kind=kind, email=EmailMode.DIGEST, webhook=True)
    return user


def _notify_at(moment, user, key, kind=kinds.REMINDER, title="课题申报"):
    with time_machine.travel(moment, tick=False):
        return notify(key=key, recipient=user, kind=kind, params={"title": title}, link=f"/x/{key}/")


def _digests():
    return list(Delivery.objects.filter(channel=Channel.DIGEST))


def test_held_emails_go_out_as_one_digest_at_half_past_eight(reader, published_capture):
    _notify_at(local(2021, 9, 26, 15), reader, "a", title="课题甲")  # Sunday
    _notify_at(local(2021, 9, 27, 7), reader, "b", kind=engine_kinds.CC, title="课题乙")
    _notify_at(local(2021, 9, 27, 9), reader, "late", title="课题丙")  # after today's cut-off
    urgent = _notify_at(local(2021, 9, 27, 7), reader, "esc", kind=kinds.ESCALATION)
    assert Delivery.objects.get(notification=urgent).state == DeliveryState.PENDING

    assert build_digests(now=local(2021, 9, 27, 8, 29)) == 0
    with time_machine.travel(local(2021, 9, 27, 8, 30), tick=False):
        assert build_digests(now=local(2021, 9, 27, 8, 30)) == 1
        assert build_digests(now=local(2021, 9, 27, 8, 31)) == 0  # once a day
    (digest,) = _digests()
    assert digest.key == f"digest:{reader.pk}:2021-09-27" and digest.notification is None
    assert set(digest.members.values_list("notification__key", flat=True)) == {"a", "b"}

    assert delivering.deliver([digest.pk]).sent == [digest.pk]
    (message,) = mail.outbox
    assert message.subject == "【沈阳市教育局审批系统】9月27日每日摘要：2条消息"
    assert "课题甲" in message.body and "课题乙" in message.body and "课题丙" not in message.body
    assert set(Delivery.objects.filter(state=DeliveryState.SENT).values_list("notification__key", flat=True)) >= {
        "a", "b"
    }
    assert Delivery.objects.get(notification__key="late").state == DeliveryState.HELD


def test_no_digest_on_a_holiday_but_on_a_make_up_saturday(reader, published_capture):
    _notify_at(local(2021, 9, 30, 20), reader, "a")
    assert build_digests(now=local(2021, 10, 2, 9)) == 0  # National Day holiday
    assert build_digests(now=local(2021, 10, 9, 8, 45)) == 1  # 调休 working Saturday


def test_a_late_member_never_joins_a_digest_already_being_sent(reader, published_capture):
    _notify_at(local(2021, 9, 27, 7), reader, "a")
    build_digests(now=local(2021, 9, 27, 8, 30))
    (digest,) = _digests()
    Delivery.objects.filter(pk=digest.pk).update(state=DeliveryState.SENDING)
    _notify_at(local(2021, 9, 27, 8), reader, "b")  # committed late, written before the cut-off
    build_digests(now=local(2021, 9, 27, 8, 40))
    assert Delivery.objects.get(notification__key="b").bundle is None
    assert build_digests(now=local(2021, 9, 28, 8, 30)) == 1  # tomorrow's takes it


def test_a_missing_calendar_year_raises_an_incident_and_sends_no_digest(reader, monkeypatch, published_capture):
    def missing(day):
        raise workcal.CalendarYearMissing(day.year)

    monkeypatch.setattr(workcal, "is_working_day", missing)
    _notify_at(local(2021, 9, 27, 7), reader, "a")
    assert build_digests(now=local(2021, 9, 27, 9)) == 0
    assert Incident.objects.filter(kind=CALENDAR_INCIDENT_KIND, key="2021").exists()
