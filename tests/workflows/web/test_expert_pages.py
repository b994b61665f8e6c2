"""The expert pages in Chinese: the department's 专家库 (add, edit, deactivate, conflicts), the draw
page and a panel with its audit, the expert's 我的评审 with the pledge accepted or declined. Every
refusal answers with the service's message and writes nothing; strangers get 404; lists cost the
same queries for few rows as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.orgs.roles import Role
from tests.factories import person
from tests.workflows.engine.experts.helpers import application, drawn, expert, outside_experts, town  # noqa: F401
from tests.workflows.web.conftest import client_for
from workflows.engine.experts.models import Panel, Seat, SeatState
from workflows.engine.experts.pool_models import Expert, ExpertConflict

pytestmark = pytest.mark.django_db


def test_the_department_adds_edits_and_deactivates_an_expert(town):  # noqa: F811
    client = client_for(town.city.city)
    page = client.get(reverse("workflows:experts")).content.decode()
    assert "基础教育处专家库" in page and "添加专家" in page and "专家抽取" in page
    newcomer = person("zhang", Role.EXPERT, town.school_c1, full_name="张明远")
    posted = client.post(reverse("workflows:expert-add"), {
        "username": "zhang", "home": town.school_c1.pk, "title": "高级教师", "stages": "小学、初中",
        "subjects": "数学", "specialties": "", "note": ""})
    row = Expert.objects.get(user=newcomer)
    assert posted.status_code == 302 and posted["Location"] == reverse("workflows:expert", args=[row.pk])
    assert "学段：初中" in client.get(reverse("workflows:experts")).content.decode()
    client.post(reverse("workflows:expert-edit", args=[row.pk]), {"home": town.school_d1.pk, "title": "正高级教师",
                                                                  "stages": "高中", "subjects": "", "specialties": ""})
    row.refresh_from_db()
    assert (row.home, row.title) == (town.school_d1, "正高级教师")
    client.post(reverse("workflows:expert-conflict-add", args=[row.pk]),
                {"organisation": town.school_a.pk, "reason": "relative", "detail": "配偶任教"})
    conflict = ExpertConflict.objects.get()
    assert "配偶任教" in client.get(reverse("workflows:expert", args=[row.pk])).content.decode()
    client.post(reverse("workflows:expert-conflict-remove", args=[conflict.pk]))
    client.post(reverse("workflows:expert-active", args=[row.pk]), {"active": "0"})
    assert not ExpertConflict.objects.exists() and not Expert.objects.get().is_active
    again = client.post(reverse("workflows:expert-active", args=[row.pk]), {"active": "0"})
    assert again.status_code == 409 and "该专家已停用" in again.content.decode()


def test_bad_input_on_the_pool_pages_is_refused_in_chinese(town):  # noqa: F811
    client = client_for(town.city.city)
    unknown = client.post(reverse("workflows:expert-add"), {"username": "nobody", "home": town.school_c1.pk})
    assert unknown.status_code == 400 and "请选择一个有效的用户" in unknown.content.decode()
    no_home = client.post(reverse("workflows:expert-add"), {"username": "city"})
    assert no_home.status_code == 400 and not Expert.objects.exists()


def test_strangers_get_404_on_every_pool_and_draw_page(town):  # noqa: F811
    panel, seats = drawn(town)
    row = expert(town, "王丽华", town.school_c1)
    for stranger in [town.head, town.reviewer, row.user, seats[0].expert.user]:
        client = client_for(stranger)
        for url in [reverse("workflows:experts"), reverse("workflows:expert", args=[row.pk]),
                    reverse("workflows:panels"), reverse("workflows:panel", args=[panel.pk])]:
            assert client.get(url).status_code == 404, (stranger, url)
        for url in [reverse("workflows:expert-edit", args=[row.pk]), reverse("workflows:expert-active", args=[row.pk]),
                    reverse("workflows:panel-draw"), reverse("workflows:expert-add")]:
            assert client.post(url, {"title": "改", "active": "0", "size": 3}).status_code == 404, (stranger, url)
    row.refresh_from_db()
    assert row.is_active and row.title == "" and Panel.objects.count() == 1


def test_the_draw_page_draws_and_shows_the_audit(town):  # noqa: F811
    outside_experts(town, 5)
    near = expert(town, "本校专家", town.school_a)
    item = application(town)
    client = client_for(town.city.city)
    page = client.get(reverse("workflows:panels")).content.decode()
    assert item.title in page and "抽取评审组" in page
    posted = client.post(reverse("workflows:panel-draw"), {"items": [item.pk], "size": 3, "reserves": 1, "title": ""})
    panel = Panel.objects.get()
    assert posted.status_code == 302 and posted["Location"] == reverse("workflows:panel", args=[panel.pk])
    shown = client.get(posted["Location"]).content.decode()
    assert str(panel.seed) in shown and "回避的专家" in shown and "本校专家：本单位" in shown and "组长" in shown
    assert near.pk not in Seat.objects.values_list("expert_id", flat=True)
    assert item.title not in client.get(reverse("workflows:panels")).content.decode().split("评审组名称")[0]


def test_a_draw_that_cannot_be_filled_or_is_too_small_is_refused_on_the_page(town):  # noqa: F811
    outside_experts(town, 2)
    item = application(town)
    client = client_for(town.city.city)
    short = client.post(reverse("workflows:panel-draw"), {"items": [item.pk], "size": 3, "reserves": 0})
    assert short.status_code == 400 and "符合条件且无需回避的专家只有2人" in short.content.decode()
    small = client.post(reverse("workflows:panel-draw"), {"items": [item.pk], "size": 2, "reserves": 0})
    assert small.status_code == 400 and not Panel.objects.exists()


def test_the_expert_accepts_or_declines_on_my_reviews(town):  # noqa: F811
    panel, seats = drawn(town)
    member, other = seats[0].expert.user, seats[1].expert.user
    client = client_for(member)
    link = reverse("workflows:item", args=[panel.panel_items.get().item_id])
    page = client.get(reverse("workflows:reviews")).content.decode()
    assert "我的评审" in page and "严格保密" in page and link not in page
    client.post(reverse("workflows:seat-accept", args=[seats[0].pk]))
    page = client.get(reverse("workflows:reviews")).content.decode()
    assert "签署于" in page and link in page
    twice = client.post(reverse("workflows:seat-accept", args=[seats[0].pk]))
    assert twice.status_code == 409 and "无需再次签署" in twice.content.decode()
    no_reason = client_for(other).post(reverse("workflows:seat-decline", args=[seats[1].pk]), {"reason": ""})
    assert no_reason.status_code == 400 and "请填写谢绝理由" in no_reason.content.decode()
    client_for(other).post(reverse("workflows:seat-decline", args=[seats[1].pk]), {"reason": "出差。"})
    assert Seat.objects.get(pk=seats[3].pk).state == SeatState.INVITED
    # Someone else's seat: 404, nothing changes.
    assert client.post(reverse("workflows:seat-decline", args=[seats[2].pk]), {"reason": "冒名。"}).status_code == 404
    assert Seat.objects.get(pk=seats[2].pk).state == SeatState.INVITED


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_lists_cost_the_same_queries_for_few_rows_as_for_many(town):  # noqa: F811
    client = client_for(town.city.city)
    panel, seats = drawn(town)
    application(town, title="待抽取")
    urls = [reverse("workflows:experts"), reverse("workflows:panels"), reverse("workflows:panel", args=[panel.pk])]
    few = [count(client, url) for url in urls]
    mine = count(client_for(seats[0].expert.user), reverse("workflows:reviews"))
    outside_experts(town, 6)
    more, more_seats = drawn(town, reserves=4)
    for n in range(3):
        application(town, title=f"更多{n}")
    urls[2] = reverse("workflows:panel", args=[more.pk])
    assert [count(client, url) for url in urls] == few
    expert_user = more_seats[0].expert.user
    assert count(client_for(expert_user), reverse("workflows:reviews")) <= mine + 1
