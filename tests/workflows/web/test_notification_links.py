"""Every message the engine writes leads to its item or task and says what happened, with the
comment (the 退回 reason): in the inbox, over the API and in the email (absolute, on SITE_URL)."""

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from notifications import delivering
from notifications.api import notify
from notifications.messages import details_of
from notifications.models import Delivery, Notification
from tests.workflows.web.conftest import client_for, item_url, open_task, returned_item, submitted_item
from workflows.engine import message_kinds as kinds
from workflows.engine import services

pytestmark = pytest.mark.django_db


def _latest(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind).latest("pk")


def _email_of(notification):
    mail.outbox.clear()
    pending = Delivery.objects.filter(notification=notification, channel="email", sent_at__isnull=True)
    delivering.deliver(list(pending.values_list("pk", flat=True)))
    (email,) = mail.outbox
    return email


def _with_email(user):
    user.email = f"{user.username}@example.cn"
    user.save(update_fields=["email"])


def test_a_new_task_leads_to_its_step_on_the_item_page(city):
    item = submitted_item(city)
    task = open_task(item)
    message = _latest(city.reviewer, kinds.TASK_ASSIGNED)
    assert message.link == f"{item_url(item)}#act-{task.pk}"
    response = client_for(city.reviewer).post(f"/notifications/{message.pk}/open/")
    assert response.status_code == 302 and response["Location"] == message.link
    assert client_for(city.reviewer).get(item_url(item)).status_code == 200


def test_a_return_says_who_returned_it_where_and_why(city):
    item = returned_item(city)
    message = _latest(city.head, kinds.RETURNED)
    assert message.link == f"{item_url(item)}#act-{open_task(item).pk}"
    assert details_of(message) == ["reviewer在“区县审核”退回了此事项", "退回理由：请补充自评报告。"]
    page = client_for(city.head).get("/notifications/").content.decode()
    assert "退回理由：请补充自评报告。" in page and "reviewer在“区县审核”退回了此事项" in page


def test_the_details_are_in_the_readers_language(city):
    returned_item(city)
    message = _latest(city.head, kinds.RETURNED)
    with translation.override("en"):
        lines = details_of(message)
    assert lines[1].startswith("Reason for return") and "请补充自评报告。" in lines[1]
    assert "District review" in lines[0]


def test_a_rejection_tells_the_submitter_the_reason_and_links_the_item(city):
    item = submitted_item(city)
    services.reject_task(task=open_task(item), by=city.reviewer, comment="不符合申报条件。")
    message = _latest(city.head, kinds.REJECTED)
    assert message.link == item_url(item)
    assert details_of(message)[-1] == "驳回理由：不符合申报条件。"


def test_a_withdrawal_tells_the_reviewers_why(city):
    item = submitted_item(city)
    services.withdraw_item(item=item, by=city.head, comment="材料有误，需重新准备。")
    message = _latest(city.reviewer, kinds.WITHDRAWN)
    assert message.link == item_url(item)
    assert details_of(message) == ["head撤回了此事项", "撤回原因：材料有误，需重新准备。"]


@override_settings(SITE_URL="https://sp.example.cn/")
def test_the_email_carries_the_absolute_link_what_happened_and_the_reason(city):
    _with_email(city.head)
    item = returned_item(city)
    email = _email_of(_latest(city.head, kinds.RETURNED))
    link = f"https://sp.example.cn{item_url(item)}#act-{open_task(item).pk}"
    assert f"办理链接：{link}" in email.body
    assert "reviewer在“区县审核”退回了此事项" in email.body and "退回理由：请补充自评报告。" in email.body
    html = email.alternatives[0][0]
    assert f'href="{link}"' in html and "退回理由：请补充自评报告。" in html


def test_an_email_with_no_step_or_deadline_has_no_empty_list(city):
    _with_email(city.head)
    item = submitted_item(city)
    services.reject_task(task=open_task(item), by=city.reviewer, comment="不符合申报条件。")
    html = _email_of(_latest(city.head, kinds.REJECTED)).alternatives[0][0]
    assert "<ul>" not in html and "驳回理由：不符合申报条件。" in html


def test_the_api_gives_the_link_and_the_details_of_ones_own_messages_only(city):
    item = returned_item(city)
    body = client_for(city.head).get("/api/v1/notifications/").json()
    returned = next(row for row in body["results"] if row["kind"] == kinds.RETURNED)
    assert returned["link"].startswith(item_url(item))
    assert returned["details"] == ["reviewer在“区县审核”退回了此事项", "退回理由：请补充自评报告。"]
    others = client_for(city.head_b).get("/api/v1/notifications/").json()
    assert others["results"] == []


def test_an_old_message_without_a_link_still_opens_the_inbox(city):
    old = notify(key="legacy:1", recipient=city.head, kind=kinds.TASK_ASSIGNED, params={"title": "旧通知"})
    response = client_for(city.head).post(f"/notifications/{old.pk}/open/")
    assert response["Location"] == "/notifications/"
