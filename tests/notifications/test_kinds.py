"""Kinds of message are a registry: another app adds its kinds without editing notifications, and
the registry decides their labels, headlines, defaults and whether they may wait for the digest."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.api import notify, register_kind
from notifications.messages import subject_of
from notifications.models import Channel, ChannelPreference, Delivery, DeliveryState, EmailMode, Notification
from notifications.preferences import channel_preferences, set_channel_preference
from tests.factories import UserFactory
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry for this test: what the test registers is gone afterwards."""
    monkeypatch.setattr(kinds, "_registry", dict(kinds._registry))
    return kinds._registry


@pytest.fixture
def publicity(registry):
    """A kind as a later requirement would add it (公示), registered the way any app does."""
    return register_kind("publicity", _("公示"), headline=_("公示：%(title)s"), order=40)


def _channels(notification):
    return {(d.channel, d.state) for d in Delivery.objects.filter(notification=notification)}


def test_a_new_kind_is_sent_and_shown_with_its_label_and_headline(publicity):
    user = UserFactory(email="a@example.cn")
    n = notify(key="p:1", recipient=user, kind=publicity, params={"title": "拟表彰名单"})
    assert subject_of(n) == "公示：拟表彰名单"
    assert str(n) == f"公示 → {user}"
    assert _channels(n) == {(Channel.EMAIL, DeliveryState.PENDING)}
    assert channel_preferences(user=user)[publicity] == {"email": EmailMode.INSTANT, "webhook": True}


def test_a_kind_without_a_headline_of_its_own_reads_as_its_label(registry):
    code = register_kind("objection", _("异议"))
    n = notify(key="o:1", recipient=UserFactory(), kind=code, params={"title": "拟表彰名单"})
    assert subject_of(n) == "异议：拟表彰名单"


def test_the_preferences_page_lists_every_registered_kind_with_its_chinese_label(client, publicity):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/notifications/preferences/").content.decode()
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    assert legends == ["新待办", "到期提醒", "今日到期", "超期督办", "退回修改", "驳回", "审批通过", "已撤回", "催办",
                       "抄送", "公示异议", "专家评审邀请", "候补专家递补", "认定到期提醒", "认定撤销或到期", "公示", "评分表退回", "专家评分已全部提交",
                       "会议通知", "会议改期", "会议提醒", "导出完成", "导出失败", "申报通知", "申报截止提醒", "会议取消",
                       "督导通知", "整改复查未通过", "年度总结提醒", "年度总结未提交（告知负责人）",
                       "常态督导提醒", "整改通知书", "整改报告", "整改报告退回", "整改已确认",
                       "工作室考核警示", "工作室成员变更", "通知"]
    assert 'name="publicity-email"' in page


def test_the_default_channel_choice_is_the_kinds_own(registry):
    quiet = register_kind("expiry", _("到期失效"), email=EmailMode.OFF, webhook=False)
    user = UserFactory(email="a@example.cn")
    assert _channels(notify(key="e:1", recipient=user, kind=quiet)) == set()
    assert channel_preferences(user=user)[quiet] == {"email": EmailMode.OFF, "webhook": False}
    set_channel_preference(user=user, kind=quiet, email=EmailMode.INSTANT, webhook=False)
    assert _channels(notify(key="e:2", recipient=user, kind=quiet)) == {(Channel.EMAIL, DeliveryState.PENDING)}


def test_a_kind_registered_as_urgent_is_never_digested(registry):
    urgent = register_kind("recall", _("紧急撤回"), digest_allowed=False)
    user = UserFactory(email="a@example.cn")
    with pytest.raises(ValidationError) as caught:
        set_channel_preference(user=user, kind=urgent, email=EmailMode.DIGEST, webhook=True)
    assert "“紧急撤回”消息必须立即发送" in str(caught.value)
    assert not ChannelPreference.objects.exists()
    # A digest choice that got in anyway (written past the service) still does not hold it.
    ChannelPreference.objects.create(user=user, kind=urgent, email=EmailMode.DIGEST)
    assert _channels(notify(key="r:1", recipient=user, kind=urgent)) == {(Channel.EMAIL, DeliveryState.PENDING)}


def test_escalations_stay_notifications_own_and_never_digested():
    assert kinds.get_kind(kinds.ESCALATION).digest_allowed is False
    assert kinds.ESCALATION not in vars(engine_kinds).values()


def test_an_unregistered_kind_is_refused_by_the_api_and_by_the_model_field():
    user = UserFactory()
    with pytest.raises(ValidationError, match="未知的消息类型：publicity"):
        notify(key="p:1", recipient=user, kind="publicity")
    assert not Notification.objects.exists()
    with pytest.raises(ValidationError, match="未知的消息类型"):
        Notification(key="p:2", recipient=user, kind="publicity").full_clean()


def test_a_stored_kind_no_longer_registered_still_reads(registry):
    user = UserFactory()
    code = register_kind("retired", _("已停用的类型"))
    n = notify(key="x:1", recipient=user, kind=code, params={"title": "旧事项"})
    del registry[code]
    assert kinds.kind_label(n.kind) == "retired"
    assert subject_of(n) == "通知：旧事项"


@pytest.mark.parametrize(
    "code, options, problem",
    [
        ("Publicity", {}, "lower-case"),
        ("x" * 31, {}, "at most 30"),
        ("fine", {"email": "weekly"}, "unknown default email mode"),
        ("fine", {"email": EmailMode.DIGEST, "digest_allowed": False}, "cannot be the digest"),
        ("escalation", {"digest_allowed": True}, "already registered differently"),
    ],
)
def test_a_bad_registration_is_refused(registry, code, options, problem):
    before = dict(registry)
    with pytest.raises(ImproperlyConfigured, match=problem):
        register_kind(code, _("标签"), **options)
    assert registry == before


def test_registering_the_same_kind_again_is_harmless(registry):
    assert register_kind("cc", _("抄送"), headline=_("抄送：%(title)s"), order=35) == engine_kinds.CC
