"""The 委托代理 page (name, list, end) and the 催办 button on the item page; a proxy's 待办 and the
timeline's "（代…）"."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from core.orgs.models import Proxy, User
from tests.workflows.engine.proxy_helpers import MONDAY, at, deputy
from tests.workflows.web.conftest import client_for, item_url, open_task, submitted_item
from workflows.engine import services

PAGE = "/work/proxies/"


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


def post_proxy(client, **fields):
    """The form as the page posts it: the proxy chosen by id (a username given here is looked up)."""
    data = {"proxy": "deputy", "starts_on": str(MONDAY), "ends_on": str(MONDAY + timedelta(days=2)),
            "reason": "外出培训", **fields}
    named = User.objects.filter(username=data["proxy"]).first()
    data["proxy"] = named.pk if named is not None else data["proxy"]
    return client.post(PAGE, data)


def test_name_a_proxy_see_it_on_both_sides_and_end_it(city):
    helper = deputy(of=city.reviewer)
    page = client_for(city.reviewer)
    assert "委托代理" in page.get(reverse("workflows:todo")).content.decode()  # linked from the menu
    assert f'value="{MONDAY}"' in page.get(PAGE).content.decode()  # from today, as a date input reads it
    response = post_proxy(page)
    assert response.status_code == 302
    proxy = Proxy.objects.get()
    assert (proxy.principal, proxy.proxy) == (city.reviewer, helper)
    assert "deputy" in page.get(PAGE).content.decode()
    held = client_for(helper).get(PAGE).content.decode()
    assert "委托给我的" in held and "reviewer" in held and "不再代理" in held

    assert client_for(city.reviewer2).post(reverse("workflows:end_proxy", args=[proxy.pk])).status_code == 404
    assert page.post(reverse("workflows:end_proxy", args=[proxy.pk])).status_code == 302
    assert Proxy.objects.get().cancelled_at is not None
    assert page.post(reverse("workflows:end_proxy", args=[proxy.pk])).status_code == 409


@pytest.mark.parametrize("fields, message", [
    ({"ends_on": str(MONDAY - timedelta(days=1))}, "委托的结束日期不能早于开始日期。"),
    ({"proxy": "reviewer"}, "所选人员不在可选范围内"),  # oneself is no candidate
    ({"proxy": "999999"}, "所选人员不在可选范围内"),  # a forged id
    ({"proxy": "teacher"}, "所选人员不在可选范围内"),  # someone real, but no colleague
    ({"proxy": ""}, "请选择代理人。"),
    ({"starts_on": "明天"}, "日期格式应为"),
])
def test_bad_input_is_said_on_the_form(city, fields, message):
    deputy(of=city.reviewer)
    response = post_proxy(client_for(city.reviewer), **fields)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Proxy.objects.exists()


def test_an_overlapping_range_is_said_on_the_form(city):
    deputy(of=city.reviewer)
    deputy("other", of=city.reviewer)
    page = client_for(city.reviewer)
    assert post_proxy(page).status_code == 302
    response = post_proxy(page, proxy="other")
    assert response.status_code == 400 and "时间重叠" in response.content.decode()


def test_the_proxy_sees_the_task_in_todo_acts_and_the_timeline_says_for_whom(city):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    assert post_proxy(client_for(city.reviewer)).status_code == 302
    page = client_for(helper)
    assert item.ref_no in page.get(reverse("workflows:claimable")).content.decode()  # the principal's queue
    assert "通过" in page.get(item_url(item)).content.decode()  # the decision form is offered
    response = page.post(reverse("workflows:decide", args=[open_task(item).pk]),
                         {"outcome": "approve", "comment": "同意"})
    assert response.status_code == 302
    assert "（代reviewer）" in page.get(item_url(item)).content.decode()


def test_todo_says_whose_task_a_proxy_sees(city):
    deputy(of=city.reviewer)
    item = submitted_item(city)
    services.claim_task(task=open_task(item), by=city.reviewer)
    assert post_proxy(client_for(city.reviewer)).status_code == 302
    todo = client_for(Proxy.objects.get().proxy).get(reverse("workflows:todo")).content.decode()
    assert item.ref_no in todo and "（代reviewer）" in todo


def test_admins_see_proxies_but_change_them_only_through_the_people(city, admin_client):
    deputy(of=city.reviewer)
    assert post_proxy(client_for(city.reviewer)).status_code == 302
    listing = admin_client.get("/admin/orgs/proxy/")
    assert listing.status_code == 200 and "deputy" in listing.content.decode()
    assert admin_client.get("/admin/orgs/proxy/add/").status_code == 403


def test_urge_button_then_the_next_time(city, monday):
    item = submitted_item(city)
    task = open_task(item)
    head = client_for(city.head)
    assert "催办" in head.get(item_url(item)).content.decode()
    assert "催办" not in client_for(city.reviewer2).get(item_url(item)).content.decode().split("时间线")[0]
    response = head.post(reverse("workflows:urge", args=[task.pk]), {"comment": "请尽快"})
    assert response.status_code == 302
    page = head.get(item_url(item)).content.decode()
    assert "您已催办过，2026年3月3日 10:00后可再次催办。" in page
    too_soon = head.post(reverse("workflows:urge", args=[task.pk]))
    assert too_soon.status_code == 409 and "2026年3月3日 10:00后可再次催办" in too_soon.content.decode()
    assert client_for(city.reviewer2).post(reverse("workflows:urge", args=[task.pk])).status_code == 403
    assert client_for(city.reviewer_b).post(reverse("workflows:urge", args=[task.pk])).status_code == 404
    monday.move_to(at(MONDAY + timedelta(days=1), 10) + timedelta(seconds=1))
    head = client_for(city.head)  # signed in again: a day later the session has lapsed
    assert head.post(reverse("workflows:urge", args=[task.pk])).status_code == 302
    services.approve_task(task=task, by=city.reviewer)
    assert head.post(reverse("workflows:urge", args=[task.pk])).status_code == 409
