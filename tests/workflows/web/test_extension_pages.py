"""延期申请 on the pages: the handler's form on the item page (only where allowed), the approver's
同意 / 不同意 forms and list, errors back on the form, the timeline's words, and the list's query
count whatever its length."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workflows.engine.conftest import city_on_the_eve, open_task, submitted_item  # noqa: F401
from tests.workflows.engine.deadline_helpers import deadline, local
from tests.workflows.engine.extension_helpers import (
    ASKED_AT,
    DECIDED_AT,
    EVE_OF_NATIONAL_DAY,
    ask,
    claimed_review,
)
from tests.workflows.web.conftest import client_for, item_url
from workflows.engine import services
from workflows.engine.deadlines.extension_models import ExtensionRequest, ExtensionState


@pytest.fixture
def city(city_on_the_eve):
    return city_on_the_eve


def _get(user, url, *, at=ASKED_AT):
    with time_machine.travel(at, tick=False):
        return client_for(user).get(url)


def _post(user, url, data, *, at=ASKED_AT):
    with time_machine.travel(at, tick=False):
        return client_for(user).post(url, data)


def test_the_handler_is_offered_the_form_and_others_are_not(city):
    item, task = claimed_review(city)
    ask_url = reverse("workflows:extension_ask", args=[task.pk])
    assert ask_url in _get(city.reviewer, item_url(item)).content.decode()
    for other in (city.reviewer2, city.city, city.head):  # same district, the approver, the submitter
        assert ask_url not in _get(other, item_url(item)).content.decode()


def test_asking_on_the_item_page_then_granting_there(city):
    item, task = claimed_review(city)
    response = _post(city.reviewer, reverse("workflows:extension_ask", args=[task.pk]),
                     {f"x{task.pk}-due_date": "2021-10-20", f"x{task.pk}-reason": "需补充材料"})
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    page = _get(city.reviewer, item_url(item)).content.decode()
    assert "待审批" in page and "需补充材料" in page
    assert reverse("workflows:extension_ask", args=[task.pk]) not in page  # one pending request at a time
    assert reverse("workflows:extension_grant", args=[extension.pk]) not in page  # not the requester's to decide

    approver_page = _get(city.city, item_url(item), at=DECIDED_AT).content.decode()
    assert reverse("workflows:extension_grant", args=[extension.pk]) in approver_page
    assert 'value="2021-10-20"' in approver_page  # the date asked for, to keep or change
    granted = _post(city.city, reverse("workflows:extension_grant", args=[extension.pk]),
                    {f"g{extension.pk}-due_date": "2021-10-21", f"g{extension.pk}-comment": "同意"}, at=DECIDED_AT)
    assert granted.status_code == 302
    assert deadline(task).due_at == local(2021, 10, 21, 17, 30)
    page = _get(city.reviewer, item_url(item), at=DECIDED_AT).content.decode()
    assert "已同意" in page and "同意延期" in page and "申请延期" in page  # the card and the timeline


def test_refusing_without_a_comment_shows_the_error_on_the_form(city):
    item, task = claimed_review(city)
    extension = ask(city, task)
    url = reverse("workflows:extension_refuse", args=[extension.pk])
    bad = _post(city.city, url, {f"r{extension.pk}-comment": ""}, at=DECIDED_AT)
    assert bad.status_code == 400 and "不同意延期时必须填写审批意见" in bad.content.decode()
    good = _post(city.city, url, {f"r{extension.pk}-comment": "请按期办理"}, at=DECIDED_AT)
    assert good.status_code == 302
    assert ExtensionRequest.objects.get().state == ExtensionState.REFUSED
    assert "不同意延期" in _get(city.reviewer, item_url(item), at=DECIDED_AT).content.decode()


def test_a_date_not_after_the_current_due_is_an_error_on_the_form(city):
    _item, task = claimed_review(city)
    response = _post(city.reviewer, reverse("workflows:extension_ask", args=[task.pk]),
                     {f"x{task.pk}-due_date": "2021-10-13", f"x{task.pk}-reason": "延期"})
    assert response.status_code == 400 and "延期后的日期必须晚于当前期限" in response.content.decode()
    assert not ExtensionRequest.objects.exists()


def test_the_pages_refuse_outsiders_and_non_approvers(city):
    _item, task = claimed_review(city)
    extension = ask(city, task)
    good = {f"x{task.pk}-due_date": "2021-10-22", f"x{task.pk}-reason": "延期"}
    assert _post(city.reviewer2, reverse("workflows:extension_ask", args=[task.pk]), good).status_code == 403
    assert _post(city.reviewer_b, reverse("workflows:extension_ask", args=[task.pk]), good).status_code == 404
    grant = reverse("workflows:extension_grant", args=[extension.pk])
    assert _post(city.district_head, grant, {}, at=DECIDED_AT).status_code == 403
    assert _post(city.head_b, grant, {}, at=DECIDED_AT).status_code == 404
    assert _post(city.city, reverse("workflows:extension_grant", args=[999999]), {}, at=DECIDED_AT).status_code == 404
    assert _post(city.city, grant, {}, at=DECIDED_AT).status_code == 302
    again = _post(city.city, grant, {}, at=DECIDED_AT)
    assert again.status_code == 409 and "已经审批过了" in again.content.decode()


def test_the_list_page_shows_what_waits_for_me_and_what_i_made(city):
    item, task = claimed_review(city)
    ask(city, task)
    waiting = _get(city.city, reverse("workflows:extensions"), at=DECIDED_AT).content.decode()
    assert item.ref_no in waiting and "去审批" in waiting
    assert item.ref_no not in _get(city.reviewer, reverse("workflows:extensions"), at=DECIDED_AT).content.decode()
    mine = _get(city.reviewer, reverse("workflows:extensions") + "?filter=mine", at=DECIDED_AT).content.decode()
    assert item.ref_no in mine and "待审批" in mine
    assert item.ref_no not in _get(city.city_head, reverse("workflows:extensions"), at=DECIDED_AT).content.decode()
    home = _get(city.city, "/", at=DECIDED_AT).content.decode()  # the home page counts what waits
    assert f'href="{reverse("workflows:extensions")}"><span class="n some">1</span><span>待审批延期</span>' in home
    anonymous = Client().get(reverse("workflows:extensions"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def _list_queries(client, query="") -> int:
    with time_machine.travel(DECIDED_AT, tick=False), CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("workflows:extensions") + query)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_list_page_costs_the_same_queries_for_3_requests_as_for_12(city):
    def grow(count):
        for n in range(count):
            with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
                task = open_task(submitted_item(city, title=f"计数{n}"))
                services.claim_task(task=task, by=city.reviewer)
            ask(city, task, day=datetime.date(2021, 10, 20))

    approver, requester = client_for(city.city), client_for(city.reviewer)
    grow(3)
    few = (_list_queries(approver), _list_queries(requester, "?filter=mine"))
    grow(9)
    many = (_list_queries(approver), _list_queries(requester, "?filter=mine"))
    assert few == many, (few, many)


def test_the_extension_forms_and_list_label_every_control(city):
    from tests.workflows.web.test_accessibility import check

    item, task = claimed_review(city)
    parsed = check(_get(city.reviewer, item_url(item)).content.decode())  # the decision and the ask form
    assert {attrs.get("name") for _tag, attrs in parsed.controls} >= {f"x{task.pk}-due_date", f"x{task.pk}-reason"}
    extension = ask(city, task)
    parsed = check(_get(city.city, item_url(item), at=DECIDED_AT).content.decode())  # grant and refuse forms
    assert {attrs.get("name") for _tag, attrs in parsed.controls} >= {
        f"g{extension.pk}-due_date", f"g{extension.pk}-comment", f"r{extension.pk}-comment"}
    check(_get(city.city, reverse("workflows:extensions"), at=DECIDED_AT).content.decode())
