"""驳回 and 撤回 ask first, naming the consequence (a page, so no JS is needed); 撤回 needs a
reason; a withdrawn item is reopened (重新编辑) by its submitter only, on the page and the API."""

import pytest
from django.urls import reverse

from core.audit.models import AuditEvent
from tests.sampleapp.services import sample_submit
from tests.workflows.web.conftest import client_for, item_url, open_task, reload, submitted_item
from workflows.engine import services
from workflows.engine.models import Decision

pytestmark = pytest.mark.django_db


def withdraw_url(item):
    return reverse("workflows:withdraw", args=[item.pk])


def reopen_url(item):
    return reverse("workflows:reopen", args=[item.pk])


def withdrawn(city):
    item = submitted_item(city)
    services.withdraw_item(item=item, by=city.head, comment="材料有误")
    return reload(item)


def test_reject_asks_first_naming_the_consequence_and_writes_nothing_until_confirmed(city):
    item = submitted_item(city)
    task = open_task(item)
    reviewer = client_for(city.reviewer)
    events = AuditEvent.objects.count()
    url = reverse("workflows:decide", args=[task.pk])
    page = reviewer.post(url, {"outcome": "reject", "comment": "不符合条件。"})
    body = page.content.decode()
    assert page.status_code == 200 and "确认驳回" in body and "此操作不能撤销" in body
    assert 'name="confirmed"' in body and "不符合条件。" in body and 'value="reject"' in body
    assert reload(item).status == "district_review" and AuditEvent.objects.count() == events
    assert not Decision.objects.exists()
    done = reviewer.post(url, {"outcome": "reject", "comment": "不符合条件。", "confirmed": "1"}, follow=True)
    assert "已驳回。" in done.content.decode() and reload(item).status == "rejected"


def test_approve_needs_no_confirmation(city):
    item = submitted_item(city)
    response = client_for(city.reviewer).post(reverse("workflows:decide", args=[open_task(item).pk]),
                                              {"outcome": "approve"})
    assert response.status_code == 302 and reload(item).status == "city_review"


def test_withdraw_asks_first_then_needs_a_reason(city):
    item = submitted_item(city)
    head = client_for(city.head)
    events = AuditEvent.objects.count()
    page = head.post(withdraw_url(item), {"comment": ""})
    body = page.content.decode()
    assert page.status_code == 200 and "确认撤回" in body and "审批人的待办随之取消" in body and "重新编辑" in body
    assert reload(item).status == "district_review" and AuditEvent.objects.count() == events
    empty = head.post(withdraw_url(item), {"comment": "  ", "confirmed": "1"})
    assert empty.status_code == 400 and "请填写撤回原因。" in empty.content.decode()
    assert reload(item).status == "district_review" and AuditEvent.objects.count() == events
    done = head.post(withdraw_url(item), {"comment": "材料有误", "confirmed": "1"}, follow=True)
    assert "已撤回。" in done.content.decode() and reload(item).status == "withdrawn"


def test_a_refused_withdraw_is_not_confirmed_but_refused_at_once(city):
    item = submitted_item(city)
    services.approve_task(task=open_task(item), by=city.reviewer)
    response = client_for(city.head).post(withdraw_url(item), {"comment": "材料有误"})
    assert response.status_code == 409 and "审批人已作出决定，不能撤回。" in response.content.decode()


def test_the_api_refuses_a_withdraw_without_a_reason(city):
    item = submitted_item(city)
    response = client_for(city.head).post(f"/api/v1/items/{item.pk}/withdraw/", {"comment": " "},
                                          content_type="application/json")
    assert response.status_code == 400 and "请填写撤回原因。" in response.content.decode()
    assert reload(item).status == "district_review"


def test_reopen_is_offered_to_the_submitter_of_a_withdrawn_item_and_makes_a_draft(city):
    item = withdrawn(city)
    assert reopen_url(item) in client_for(city.head).get(item_url(item)).content.decode()
    assert reopen_url(item) not in client_for(city.reviewer).get(item_url(item)).content.decode()
    response = client_for(city.head).post(reopen_url(item), follow=True)
    assert "已重新打开为草稿" in response.content.decode() and reload(item).status == "draft"
    assert reopen_url(item) not in response.content.decode()
    sample_submit(item=item, by=city.head)  # submitted again: a new process from the first step
    assert reload(item).status == "district_review"


def test_reopen_is_refused_to_anyone_else_and_on_an_item_not_withdrawn(city):
    item = withdrawn(city)
    for stranger in (city.head_b, city.teacher):  # a withdrawn item is, like a draft, its submitter's
        assert client_for(stranger).post(reopen_url(item)).status_code == 404
    reviewer = client_for(city.reviewer).post(reopen_url(item))
    assert reviewer.status_code == 403 and "只有申报人可以重新编辑此事项。" in reviewer.content.decode()
    assert reload(item).status == "withdrawn"
    running = submitted_item(city)
    refused = client_for(city.head).post(reopen_url(running))
    assert refused.status_code == 409 and "只有已撤回的事项可以重新编辑。" in refused.content.decode()
    assert reload(running).status == "district_review"


def test_reopen_over_the_api(city):
    item = withdrawn(city)
    url = f"/api/v1/items/{item.pk}/reopen/"
    assert client_for(city.head).get(f"/api/v1/items/{item.pk}/").json()["may_reopen"] is True
    assert client_for(city.head_b).post(url).status_code == 404
    assert client_for(city.reviewer).post(url).status_code == 403
    response = client_for(city.head).post(url)
    assert response.status_code == 200 and response.json()["status"] == "draft"
    again = client_for(city.head).post(url)
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
