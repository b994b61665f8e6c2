"""名单办理 pages: the department head sees what waits for the decision list (linked from 可领取),
ticks and ranks the schools and signs; a refusal (an empty list, beyond the quota) is said in
Chinese on the page and writes nothing; someone without standing is refused (403) and another
district sees nothing to sign. The page's statements do not grow with the items."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.workflows.api.test_lists_api import STEP, waiting
from tests.workflows.api.helpers import client_for, reload
from tests.workflows.engine.notice_helpers import city, on_publication_day  # noqa: F401
from workflows.engine.lists.models import ListAct, ListMember

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_head_ranks_and_signs_on_the_page(city):  # noqa: F811
    items = waiting(city)
    head = signed_in(city.city_head)
    todo = head.get(reverse("workflows:claimable")).content.decode()  # the head's queue
    assert "在名单中办理" in todo and reverse("workflows:lists") in todo
    page = head.get(reverse("workflows:lists")).content.decode()
    assert "名单办理" in page and all(item.ref_no in page for item in items)
    answer = head.post(reverse("workflows:list-sign"), {
        "step": STEP, "items": [item.pk for item in items], f"rank-{items[0].pk}": "2", f"rank-{items[1].pk}": "1",
        "comment": "经处务会研究确定。"}, follow=True)
    assert "已签署“市局决定”名单，共2项。" in answer.content.decode()
    assert list(ListMember.objects.order_by("rank").values_list("item_id", flat=True)) == [items[1].pk, items[0].pk]
    assert {reload(item).status for item in items} == {"notice"}
    assert "没有等待列入名单的事项" in head.get(reverse("workflows:lists")).content.decode()


def test_refusals_are_said_on_the_page_and_write_nothing(city):  # noqa: F811
    items = waiting(city, count=2, total=1)
    head = signed_in(city.city_head)
    empty = head.post(reverse("workflows:list-sign"), {"step": STEP, "comment": ""})
    assert empty.status_code == 400 and "名单不能为空" in empty.content.decode()
    over = head.post(reverse("workflows:list-sign"), {"step": STEP, "items": [item.pk for item in items]})
    assert over.status_code == 400 and "名额" in over.content.decode()
    assert head.post(reverse("workflows:list-sign"), {"step": "no.such.Flow.step"}).status_code == 404
    assert not ListAct.objects.exists() and {reload(item).status for item in items} == {"city_decision"}


def test_no_standing_no_list(city):  # noqa: F811
    items = waiting(city, count=1)
    body = {"step": STEP, "items": [items[0].pk]}
    assert signed_in(city.city).post(reverse("workflows:list-sign"), body).status_code == 403
    assert signed_in(city.reviewer_b).post(reverse("workflows:list-sign"), body).status_code == 404
    assert "没有等待列入名单的事项" in signed_in(city.city).get(reverse("workflows:lists")).content.decode()
    assert not ListAct.objects.exists()


def test_the_page_s_statements_do_not_grow_with_the_items(city, django_assert_max_num_queries):  # noqa: F811
    waiting(city, count=2)
    head = signed_in(city.city_head)
    head.get(reverse("workflows:lists"))
    with django_assert_max_num_queries(40) as few:
        head.get(reverse("workflows:lists"))
    waiting(city, count=4, total=8, name="2021年度第二批")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert head.get(reverse("workflows:lists")).status_code == 200


def test_each_campaign_is_its_own_list_with_its_seats_on_the_page_and_in_the_api(city):  # noqa: F811
    # A list holds one campaign's items (act_on_list refuses a mixed one), so the page offers one
    # form per campaign, each saying how many seats are left for it.
    first = waiting(city, count=2, total=3)
    second = waiting(city, count=1, total=5, name="2021年度第二批")
    head = signed_in(city.city_head)
    page = head.get(reverse("workflows:lists")).content.decode()
    assert page.count('name="step"') == 2
    assert "名额 3 个，尚余 3 个" in page and "名额 5 个，尚余 5 个" in page
    answer = head.post(reverse("workflows:list-sign"), {"step": STEP, "items": [item.pk for item in first]},
                       follow=True)
    assert "已签署" in answer.content.decode()
    shown = client_for(city.city_head).get(reverse("api:list-collection")).json()
    assert [(row["campaign"], row["quota"], row["left"], [entry["id"] for entry in row["items"]])
            for row in shown] == [(reload(second[0]).sample_honour.campaign_id, 5, 5, [second[0].pk])]
    assert "名额 5 个，尚余 5 个" in head.get(reverse("workflows:lists")).content.decode()
