"""The admin pages, in Chinese: policies editable until in use; the outbox and schedule read-only."""

import pytest
from django.urls import reverse

from notifications import kinds
from notifications.api import notify, schedule
from notifications.models import ReminderPolicy
from tests.factories import UserFactory
from tests.notifications.helpers import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_policy_pages_in_chinese(admin_client, policy):
    page = admin_client.get(reverse("admin:notifications_reminderpolicy_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "提醒与督办策略" in html and "测试策略" in html
    change = admin_client.get(reverse("admin:notifications_reminderpolicy_change", args=[policy.pk])).content.decode()
    assert "督办对象" in change and "发送时间" in change and 'name="steps-0-working_days"' in change


def test_a_policy_in_use_is_read_only_in_the_admin(admin_client, policy, person, district):
    schedule(key="t:1:reminder:3", due_at=local(2021, 9, 28, 9), recipient=person, policy=policy, target=district)
    url = reverse("admin:notifications_reminderpolicy_change", args=[policy.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="name"' not in html and 'name="steps-0-working_days"' not in html
    admin_client.post(url, {"name": "改掉"})
    policy.refresh_from_db()
    assert policy.name == "测试策略"


def test_copy_as_new_version_action(admin_client, policy):
    response = admin_client.post(
        reverse("admin:notifications_reminderpolicy_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [policy.pk]},
        follow=True,
    )
    assert "已复制 1 个策略为新版本" in response.content.decode()
    assert ReminderPolicy.objects.filter(code="test").count() == 2


def test_outbox_and_schedule_are_read_only(admin_client, person, policy, district):
    note = notify(key="n:1", recipient=person, kind=kinds.INFO, target=None, params={})
    row = schedule(key="t:1:reminder:3", due_at=local(2021, 9, 28, 9), recipient=person, policy=policy,
                   target=district)
    for name, obj in (("notification", note), ("scheduledreminder", row)):
        changelist = admin_client.get(reverse(f"admin:notifications_{name}_changelist"))
        assert changelist.status_code == 200 and obj.key in changelist.content.decode()
        assert admin_client.get(reverse(f"admin:notifications_{name}_add")).status_code == 403
        detail = admin_client.get(reverse(f"admin:notifications_{name}_change", args=[obj.pk]))
        assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
        assert admin_client.post(reverse(f"admin:notifications_{name}_delete", args=[obj.pk])).status_code == 403
