"""The audit log in the admin: Chinese, filterable, and read-only even for a superuser."""

import pytest
from django.urls import reverse

from core.audit.models import AuditEvent
from core.audit.services import record_event
from core.orgs.models import Organisation, User

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def event():
    clerk = User.objects.create_user(username="clerk", full_name="王文书", password="x-secret-123")
    bureau = Organisation.objects.create(name="沈阳市教育局", kind="bureau")
    record_event(action="accounts.sign_in", target=clerk, actor=clerk)  # a second target type
    return record_event(action="docnumber.issue", target=bureau, actor=clerk, organisation=bureau,
                        from_status="draft", to_status="issued", comment="发文")


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser(username="root", password="x-secret-123"))
    return client


def test_changelist_is_chinese_with_filters(event, admin_client):
    page = admin_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # Statuses by their labels (an item's, which workflows registers); a code nobody names as it is.
    assert "审计事件" in page and "组织：沈阳市教育局" in page and "草稿 → issued" in page
    for title in ("动作", "操作人", "对象类型", "时间"):
        assert f'data-filter-title="{title}"' in page, title
    assert "增加 审计事件" not in page and "删除所选的" not in page


def test_filters_narrow_the_list(event, admin_client):
    record_event(action="other.thing", target=event.organisation)
    page = admin_client.get(CHANGELIST, {"action": "other.thing"}).content.decode()
    assert "other.thing" in page and "发文" not in page
    page = admin_client.get(CHANGELIST, {"actor__id__exact": event.actor_id}).content.decode()
    assert "docnumber.issue" in page


def test_no_add_change_or_delete(event, admin_client):
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    detail = admin_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="comment"' not in detail.content.decode()  # shown, not editable
    posted = admin_client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"comment": "改"})
    assert posted.status_code == 403
    assert admin_client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).comment == "发文"


def test_actions_are_named_in_words_not_codes(admin_client):
    clerk = User.objects.create_user(username="clerk2", full_name="李文书", password="x-secret-123")
    record_event(action="accounts.signed_in", target=clerk, actor=clerk)
    record_event(action="approve", target=clerk, actor=clerk)  # an item action, named by workflows
    record_event(action="something.new", target=clerk, actor=clerk)  # unnamed: shown as it is
    page = admin_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for label in ("登录", "通过", "something.new"):
        assert f">{label}</" in page, label
    assert ">accounts.signed_in</" not in page and ">approve</" not in page
    assert admin_client.get(CHANGELIST, {"action": "approve"}).content.decode().count('class="field-action_name"') == 1
