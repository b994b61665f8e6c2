"""待办, 可领取, 已办, 我的申请 and 事项查询: what each shows, its filters, sorting and pagination, and
bad input (a malformed date, a page past the end) answered with a clear message."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.web.conftest import (
    client_for,
    in_days,
    item_url,
    new_item,
    open_task,
    returned_item,
    set_due,
    submitted_item,
)
from workflows.engine import services

pytestmark = pytest.mark.django_db


def refs_in(response) -> list[str]:
    """The reference numbers on the page, in page order."""
    return re.findall(r'class="ref">([A-Z]+-\d{4}-\d{6})<', response.content.decode())


def test_todo_lists_my_claimed_tasks_soonest_deadline_first_with_overdue_and_pending(city):
    late, soon, later, pending = (submitted_item(city, title=f"申报{n}") for n in range(4))
    for item in (late, soon, later, pending):
        services.claim_task(task=open_task(item), by=city.reviewer)
    set_due(open_task(late), in_days(-1))
    set_due(open_task(soon), in_days(1))
    set_due(open_task(later), in_days(5))
    set_due(open_task(pending), pending_year=2099)

    response = client_for(city.reviewer).get(reverse("workflows:todo"))

    assert response.status_code == 200
    assert refs_in(response) == [late.ref_no, soon.ref_no, later.ref_no, pending.ref_no]
    page = response.content.decode()
    assert page.count("已逾期") == 1 and 'class="due overdue"' in page and 'class="overdue-row"' in page
    assert "待定" in page
    assert "区县审核" in page and "和平一校" in page
    # The queue's tasks are not 待办 until claimed; the other reviewer's claimed ones never.
    queued = submitted_item(city, title="未认领")
    assert queued.ref_no not in client_for(city.reviewer).get(reverse("workflows:todo")).content.decode()
    assert refs_in(client_for(city.reviewer2).get(reverse("workflows:todo"))) == []


def test_claimable_lists_my_organisations_queue_and_claiming_moves_it_to_todo(city):
    item = submitted_item(city)
    reviewer = client_for(city.reviewer)

    response = reviewer.get(reverse("workflows:claimable"))
    assert refs_in(response) == [item.ref_no]
    assert "认领" in response.content.decode()
    assert refs_in(client_for(city.reviewer_b).get(reverse("workflows:claimable"))) == []
    assert refs_in(client_for(city.head).get(reverse("workflows:claimable"))) == []  # not their own

    response = reviewer.post(reverse("workflows:claim", args=[open_task(item).pk]))
    assert response.status_code == 302 and response["Location"] == item_url(item)
    assert refs_in(reviewer.get(reverse("workflows:todo"))) == [item.ref_no]
    assert refs_in(reviewer.get(reverse("workflows:claimable"))) == []
    assert refs_in(client_for(city.reviewer2).get(reverse("workflows:claimable"))) == []


def test_done_lists_my_decisions_with_comment(city):
    approved = submitted_item(city, title="已通过的")
    services.approve_task(task=open_task(approved), by=city.reviewer, comment="同意上报。")
    returned = returned_item(city, title="退回的")

    page = client_for(city.reviewer).get(reverse("workflows:done"))
    assert refs_in(page) == [returned.ref_no, approved.ref_no]
    text = page.content.decode()
    assert "同意上报。" in text and "请补充自评报告。" in text and "通过" in text and "退回 → 修改后重新提交" in text
    assert refs_in(client_for(city.reviewer2).get(reverse("workflows:done"))) == []


def test_mine_says_where_each_of_my_items_stands(city):
    draft = new_item(city, title="草稿")
    waiting = submitted_item(city, title="等待审核")
    returned = returned_item(city, title="退回修改")

    page = client_for(city.head).get(reverse("workflows:mine")).content.decode()
    for item in (draft, waiting, returned):
        assert item.ref_no in page
    assert "草稿" in page and "区县审核中" in page and "退回修改" in page
    assert "区县审核：待和平区的区县审核员办理" in page
    assert "修改后重新提交：待head办理" in page
    assert refs_in(client_for(city.head_b).get(reverse("workflows:mine"))) == []


def test_search_by_reference_school_and_text_within_scope(city):
    mine = submitted_item(city, title="劳动教育特色学校申报")
    other = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b,
                          title="劳动教育特色学校申报")
    sample_submit(item=other, by=city.head_b)  # a draft would be its school's alone
    url = reverse("workflows:items")
    city_reviewer = client_for(city.city)

    assert refs_in(city_reviewer.get(url, {"q": mine.ref_no})) == [mine.ref_no]
    assert refs_in(city_reviewer.get(url, {"q": "沈河一校"})) == [other.ref_no]
    assert sorted(refs_in(city_reviewer.get(url, {"q": "劳动教育"}))) == sorted([mine.ref_no, other.ref_no])
    # A district searches only its own.
    assert refs_in(client_for(city.reviewer).get(url, {"q": "劳动教育"})) == [mine.ref_no]
    assert refs_in(client_for(city.reviewer).get(url, {"q": other.ref_no})) == []


def test_filters_kind_status_district_year_dates_and_overdue(city):
    a = submitted_item(city, title="甲")
    b = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b, title="乙")
    sample_submit(item=b, by=city.head_b)
    services.withdraw_item(item=b, by=city.head_b, comment="材料有误")
    # A draft is its school's alone: the department's filters never reach it, the school's do.
    draft = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b, title="丙")
    set_due(open_task(a), in_days(-2))
    url = reverse("workflows:items")
    client = client_for(city.city)
    year = a.created_at.year
    today = timezone.localdate(a.created_at).isoformat()

    assert refs_in(client.get(url, {"status": "district_review"})) == [a.ref_no]
    assert refs_in(client.get(url, {"status": "withdrawn"})) == [b.ref_no]
    assert refs_in(client.get(url, {"status": "draft"})) == []
    assert refs_in(client_for(city.head_b).get(url, {"status": "draft"})) == [draft.ref_no]
    assert refs_in(client.get(url, {"district": city.district_b.pk})) == [b.ref_no]
    assert sorted(refs_in(client.get(url, {"kind": "sample", "year": year}))) == sorted([a.ref_no, b.ref_no])
    assert refs_in(client.get(url, {"year": year - 1})) == []
    assert len(refs_in(client.get(url, {"created_after": today, "created_before": today}))) == 2
    assert refs_in(client.get(url, {"overdue": "on"})) == [a.ref_no]
    # The task lists take the same filters.
    assert refs_in(client_for(city.reviewer).get(reverse("workflows:claimable"), {"overdue": "on"})) == [a.ref_no]
    assert refs_in(client_for(city.reviewer).get(reverse("workflows:claimable"), {"q": "没有这个"})) == []


def test_sorting(city):
    first = submitted_item(city, title="第一")
    second = submitted_item(city, title="第二")
    client = client_for(city.reviewer)
    url = reverse("workflows:items")
    assert refs_in(client.get(url, {"sort": "created_at"})) == [first.ref_no, second.ref_no]
    assert refs_in(client.get(url, {"sort": "-created_at"})) == [second.ref_no, first.ref_no]
    claimable = reverse("workflows:claimable")
    assert refs_in(client.get(claimable, {"sort": "newest"})) == [second.ref_no, first.ref_no]
    assert refs_in(client.get(claimable, {"sort": "oldest"})) == [first.ref_no, second.ref_no]


def test_pagination_keeps_the_filters(city, settings):
    items = [submitted_item(city, title=f"分页{n}") for n in range(23)]
    client = client_for(city.reviewer)
    page1 = client.get(reverse("workflows:items"), {"q": "分页", "sort": "created_at"})
    assert refs_in(page1) == [item.ref_no for item in items[:20]]
    text = page1.content.decode()
    assert "第 1 / 2 页，共 23 条" in text
    assert 'href="?q=%E5%88%86%E9%A1%B5&amp;sort=created_at&amp;page=2"' in text
    page2 = client.get(reverse("workflows:items"), {"q": "分页", "sort": "created_at", "page": 2})
    assert refs_in(page2) == [item.ref_no for item in items[20:]]


@pytest.mark.parametrize("name", ["todo", "claimable", "done", "mine", "items"])
def test_bad_filter_and_page_numbers_get_a_clear_message_not_a_server_error(city, name):
    submitted_item(city)
    client = client_for(city.reviewer)
    url = reverse(f"workflows:{name}")

    response = client.get(url, {"created_after": "2021-13-45"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "筛选条件有误" in text and "日期格式应为“年-月-日”，如 2021-09-30。" in text

    response = client.get(url, {"created_after": "2021-10-08", "created_before": "2021-10-01"})
    assert response.status_code == 400 and "结束日期不能早于开始日期。" in response.content.decode()

    response = client.get(url, {"page": "99"})
    assert response.status_code == 404
    assert "没有第99页：符合条件的共1页。" in response.content.decode()

    for bad in ("abc", "0", "-1", "１"):
        response = client.get(url, {"page": bad})
        assert response.status_code == 400, bad
        assert "页码应为正整数" in response.content.decode()

    for field, value in (("year", "二〇二一"), ("district", "x"), ("kind", "nope"), ("sort", "evil")):
        assert client.get(url, {field: value}).status_code == 400, field


def test_lists_need_a_sign_in(client):
    for name in ("todo", "claimable", "done", "mine", "items", "stats"):
        response = client.get(reverse(f"workflows:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_home_page_leads_to_the_lists_with_counts(city):
    for n in range(2):
        submitted_item(city, title=f"首页{n}")
    services.claim_task(task=open_task(submitted_item(city)), by=city.reviewer)
    page = client_for(city.reviewer).get("/").content.decode()
    for name, count, label in (("todo", 1, "待办"), ("claimable", 2, "可领取"), ("done", 0, "已办"),
                               ("mine", 0, "我的申请")):
        assert re.search(
            rf'href="{reverse(f"workflows:{name}")}"><span class="n[^"]*">{count}</span><span>{label}</span>', page
        ), name


def test_campaign_filter(city):
    """A kind that belongs to campaigns names the way to its campaign (the sample kind declares
    CAMPAIGN_LOOKUP to its own details table)."""
    from datetime import timedelta

    from tests.sampleapp.models import SampleApplication
    from tests.workflows.engine.campaign_helpers import make_programme
    from workflows.engine.lists.campaign_models import Campaign

    assert SampleApplication.CAMPAIGN_LOOKUP == "sample_details__campaign"
    now = timezone.now()
    labour = make_programme(owner_department=city.department, code="labour", name="劳动教育特色学校")
    spring, autumn = (
        Campaign.objects.create(programme=labour, name=name,
                                owner_department=city.department, opens_at=now - timedelta(days=1),
                                closes_at=now + timedelta(days=30))
        for name in ("2026年度第一批", "2026年度第二批")
    )
    in_spring = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                              title="第一批申报", campaign=spring)
    sample_create(organisation=city.school_a, owner_department=city.department, by=city.head, title="第二批申报",
                  campaign=autumn)
    client = client_for(city.head)  # drafts: their school's own
    page = client.get(reverse("workflows:items"), {"campaign": spring.pk})
    assert refs_in(page) == [in_spring.ref_no]
    assert "劳动教育特色学校 · 2026年度第一批" in page.content.decode()  # the choice, by name
    assert client.get(reverse("workflows:items"), {"campaign": 999999}).status_code == 400
