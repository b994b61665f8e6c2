"""The item page's 转办 / 委派 / 抄送 buttons (only for whoever may, choosing from eligible people),
the acts behind them with their errors, the timeline, and the 抄送我的 list."""

import re

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.workflows.web.conftest import (
    client_for,
    item_url,
    open_task,
    reload,
    submitted_item,
)
from tests.workflows.web.test_item_page import forms_on
from tests.workflows.web.test_query_counts import queries
from workflows.engine import message_kinds as engine_kinds
from workflows.engine import services
from workflows.engine.reading import selectors

pytestmark = pytest.mark.django_db


def act_url(act, task):
    return reverse(f"workflows:{act}", args=[task.pk])


def options(page, select_id) -> list[str]:
    select = page[page.index(f'id="{select_id}"'):]
    select = select[:select.index("</select>")]
    return re.findall(r'<option value="\d+">(.+?)</option>', select)


def test_the_buttons_and_whom_they_offer(city):
    item = submitted_item(city)
    task = open_task(item)
    page = client_for(city.reviewer).get(item_url(item)).content.decode()
    assert {"transfer", "delegate", "cc"} <= forms_on(page)
    assert "<summary>转办</summary>" in page and "<summary>委派</summary>" in page and "<summary>抄送</summary>" in page
    assert options(page, f"t{task.pk}-transfer-to") == ["reviewer2 · 和平区 · 区县审核员"]
    assert options(page, f"t{task.pk}-delegate-to") == ["reviewer2 · 和平区 · 区县审核员"]
    assert "city_head · 基础教育处 · 市局处室负责人" in page and "reviewer_b" not in page
    # Nobody else who can see the item gets them: the submitter, the district head, the city.
    for user in (city.head, city.district_head, city.city):
        assert not {"transfer", "delegate", "cc"} & forms_on(client_for(user).get(item_url(item)).content.decode())


def test_transfer_from_the_page(city):
    item = submitted_item(city)
    task = open_task(item)
    response = client_for(city.reviewer).post(act_url("transfer", task), {"to": city.reviewer2.pk,
                                                                          "comment": "请王老师办理。"}, follow=True)
    assert response.status_code == 200 and "已转办给reviewer2。" in response.content.decode()
    todo = client_for(city.reviewer2).get(reverse("workflows:todo")).content.decode()
    assert item.ref_no in todo
    page = client_for(city.reviewer2).get(item_url(item)).content.decode()
    assert "decide" in forms_on(page)
    timeline = page[page.index("时间线"):]
    assert re.findall(r"<strong>(.+?)</strong>", timeline)[-1] == "转办"
    assert "转办给：reviewer2" in timeline and "请王老师办理。" in timeline


def test_bad_transfers_from_the_page(city):
    item = submitted_item(city)
    task = open_task(item)
    reviewer = client_for(city.reviewer)
    for to in ("", city.district_head.pk, city.reviewer.pk, "abc"):
        response = reviewer.post(act_url("transfer", task), {"to": to})
        assert response.status_code == 400, to
        body = response.content.decode()
        assert "请选择接收人。" in body or "所选人员不在可选范围内" in body, to
        assert "<details class=\"handover\" open>" in body
    assert open_task(item).owner is None
    # Seen but not theirs: 403; not seen: 404; closed: 409.
    assert client_for(city.district_head).post(act_url("transfer", task), {"to": city.reviewer2.pk}).status_code == 403
    assert client_for(city.reviewer_b).post(act_url("transfer", task), {"to": city.reviewer2.pk}).status_code == 404
    services.approve_task(task=task, by=city.reviewer)
    assert reviewer.post(act_url("transfer", task), {"to": city.reviewer2.pk}).status_code == 409


def test_delegation_round_trip_on_the_page(city):
    item = submitted_item(city)
    task = open_task(item)
    response = client_for(city.reviewer).post(act_url("delegate", task), {"to": city.reviewer2.pk}, follow=True)
    assert "已委派给reviewer2" in response.content.decode()
    delegate_page = client_for(city.reviewer2).get(item_url(item)).content.decode()
    assert forms_on(delegate_page) == {"hand-back"} and "委派中" in delegate_page
    assert forms_on(client_for(city.reviewer).get(item_url(item)).content.decode()) == {"recall"}
    assert client_for(city.reviewer2).post(reverse("workflows:decide", args=[task.pk]),
                                           {"outcome": "approve"}).status_code == 403
    empty = client_for(city.reviewer2).post(act_url("hand_back", task), {"comment": ""})
    assert empty.status_code == 400 and "请填写办理意见后再交回。" in empty.content.decode()
    back = client_for(city.reviewer2).post(act_url("hand_back", task), {"comment": "人数无误。"}, follow=True)
    assert "已交回reviewer。" in back.content.decode()
    page = client_for(city.reviewer).get(item_url(item)).content.decode()
    assert "decide" in forms_on(page) and "交回：reviewer" in page and "人数无误。" in page
    assert client_for(city.reviewer).post(act_url("recall", task)).status_code == 409


def test_recall_on_the_page(city):
    item = submitted_item(city)
    task = open_task(item)
    services.delegate_task(task=task, by=city.reviewer, to=city.reviewer2)
    assert client_for(city.reviewer2).post(act_url("recall", task)).status_code == 403
    response = client_for(city.reviewer).post(act_url("recall", task), follow=True)
    assert "已收回委派，请办理。" in response.content.decode()
    assert selectors.my_tasks(city.reviewer2) == []


def test_cc_from_the_page_and_the_copied_list(city):
    item = submitted_item(city)
    task = open_task(item)
    response = client_for(city.reviewer).post(act_url("cc", task), {"users": [city.teacher.pk, city.city_head.pk],
                                                                    "note": "请知悉。"}, follow=True)
    assert "已抄送给" in response.content.decode()
    teacher = client_for(city.teacher)
    listing = teacher.get(reverse("workflows:copied")).content.decode()
    assert item.ref_no in listing and "请知悉。" in listing and "reviewer" in listing
    assert 'href="/work/cc/" aria-current="page"' in listing
    home = teacher.get("/").content.decode()  # the home page counts them beside 待办 and 已办
    assert '<span class="n">1</span><span>抄送我的</span>' in home
    page = teacher.get(item_url(item)).content.decode()
    assert forms_on(page) == set() and "抄送给：" in page
    for act, body in (("decide", {"outcome": "approve"}), ("claim", {}), ("transfer", {"to": city.reviewer2.pk}),
                      ("delegate", {"to": city.reviewer2.pk}), ("cc", {"users": [city.reviewer2.pk]}),
                      ("hand_back", {"comment": "x"}), ("recall", {})):
        assert teacher.post(act_url(act, task), body).status_code == 403, act
    assert reload(item).status == "district_review"


def test_bad_cc_from_the_page(city):
    item = submitted_item(city)
    task = open_task(item)
    reviewer = client_for(city.reviewer)
    for users in ([], [city.head_b.pk], [city.reviewer.pk]):
        response = reviewer.post(act_url("cc", task), {"users": users})
        assert response.status_code == 400 and ("请选择抄送给谁。" in response.content.decode()
                                                or "所选人员不在可选范围内" in response.content.decode()), users


def test_the_copied_list_costs_the_same_for_more_rows(city):
    client = client_for(city.teacher)
    url = reverse("workflows:copied")

    def copy(count):
        for _ in range(count):
            services.cc_task(task=open_task(submitted_item(city)), by=city.reviewer, users=[city.teacher])

    copy(3)
    few = queries(client, url)
    copy(17)
    assert queries(client, url) == few
    assert queries(client, url, {"q": "新优质", "sort": "oldest"}) <= few + 1


def test_a_delegated_step_may_be_urged_and_the_urge_reaches_the_delegate(city):
    # The page offers 催办 where urge_task allows it: a delegated task is still open and waiting.
    item = submitted_item(city)
    task = open_task(item)
    services.delegate_task(task=task, by=city.reviewer, to=city.reviewer2)
    head = client_for(city.head)
    assert "urge" in forms_on(head.get(item_url(item)).content.decode())
    assert head.post(reverse("workflows:urge", args=[task.pk]), {"comment": "请尽快"}).status_code == 302
    urged = Notification.objects.filter(kind=engine_kinds.URGED).values_list("recipient__username", flat=True)
    assert list(urged) == ["reviewer2"]
    assert "urge" not in forms_on(client_for(city.reviewer).get(item_url(item)).content.decode())
