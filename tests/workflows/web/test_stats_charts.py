"""The 统计 page's date range and filters, and its charts' data: the numbers of its tables, within
the reader's scope whatever the filters say; a wrong range is refused in Chinese and filters
nothing."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.web.conftest import client_for, open_task, submitted_item
from tests.workflows.web.test_stats import table_rows
from workflows.engine import services

pytestmark = pytest.mark.django_db


def stats(user, **query) -> str:
    return client_for(user).get(reverse("workflows:stats"), query).content.decode()


def counted(page: str) -> str:
    """The page below its filters' form (which names every district)."""
    return page.split('class="filter"', 1)[1].split("</form>", 1)[1]


def chart_data(page: str) -> dict:
    return json.loads(re.search(r'<script id="stats-chart-data" type="application/json">(.*?)</script>', page,
                                re.DOTALL).group(1))


def tables_as_charts(page: str) -> dict:
    """The page's tables, read back into the charts' shape."""
    kinds = []
    for caption in re.findall(r"<caption>([^<：]+)：共", page):
        table = page[page.index(f"<caption>{caption}："):]
        statuses = re.findall(r'<th scope="col">(.*?)</th>', table[:table.index("</thead>")])[1:-2]
        rows = {k: v for k, v in table_rows(page, f"<caption>{caption}：").items() if k != "合计"}
        kinds.append({
            "title": f"{caption}：各区县按状态",
            "districts": list(rows),
            "series": [{"name": name, "data": [int(cells[i]) for cells in rows.values()]}
                       for i, name in enumerate(statuses)],
        })
    steps = page[page.index("各步骤办理用时（中位数）</caption>"):]
    steps = steps[:steps.index("</table>")]
    rows = re.findall(r'<td>(.*?)</td><th scope="row">(.*?)</th><td>\d+</td><td>.*?</td><td>(.*?)</td><td>(.*?)</td>',
                      steps)
    return {"kinds": kinds, "steps": {
        "names": [f"{kind}·{step}" for kind, step, _days, _rate in rows],
        "average_days": [float(days) for _kind, _step, days, _rate in rows],
        "on_time": [None if rate == "无期限" else int(rate.rstrip("%")) for _kind, _step, _days, rate in rows],
    }}


def without_labels(data: dict) -> dict:
    return {"kinds": data["kinds"], "steps": {k: v for k, v in data["steps"].items() if k != "labels"}}


def some_history(city):
    """Two items of 和平区 (one decided by its district after 2 days, late: 1 of 2 on time), one of
    沈河区 from a week earlier."""
    start = timezone.now() - timedelta(days=60)  # so that every deadline falls in this year's calendar
    with time_machine.travel(start - timedelta(days=7), tick=False):
        other = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b,
                              title="沈河一校申报")
        sample_submit(item=other, by=city.head_b)
    with time_machine.travel(start, tick=False):
        fast, slow = submitted_item(city, title="快"), submitted_item(city, title="慢")
    with time_machine.travel(start + timedelta(days=2), tick=False):
        services.approve_task(task=open_task(fast), by=city.reviewer)
    with time_machine.travel(start + timedelta(days=30), tick=False):
        services.approve_task(task=open_task(slow), by=city.reviewer)
    return start


def test_the_charts_show_the_numbers_of_the_tables(city):
    some_history(city)
    page = stats(city.city)
    data = chart_data(page)
    assert without_labels(data) == tables_as_charts(page)
    assert data["kinds"][0]["districts"] == ["和平区", "沈河区"]
    assert {s["name"]: s["data"] for s in data["kinds"][0]["series"]} == {"区县审核中": [0, 1], "市局审核中": [2, 0]}
    assert data["steps"]["names"] == ["示例申报·区县审核"]
    assert data["steps"]["average_days"] == [16.0] and data["steps"]["on_time"] == [50]
    assert data["steps"]["labels"] == {"average_days": "平均用时（天）", "on_time": "按时办结率（%）"}
    assert 'src="/static/vendor/echarts/echarts.min.js"' in page and "<script>" not in page


def test_the_date_range_and_district_narrow_the_counts_and_the_charts(city):
    start = some_history(city)
    since = timezone.localdate(start).isoformat()
    page = stats(city.city, created_after=since)
    assert "示例申报：共 2 件" in page and "沈河区" not in counted(page)
    assert without_labels(chart_data(page)) == tables_as_charts(page)
    assert "以下为符合筛选条件的事项的统计。" in page
    by_district = stats(city.city, district=city.district_b.pk)
    assert "示例申报：共 1 件" in by_district and chart_data(by_district)["kinds"][0]["districts"] == ["沈河区"]
    assert chart_data(by_district)["steps"]["names"] == []
    before = stats(city.city, created_before=(timezone.localdate(start) - timedelta(days=30)).isoformat())
    assert "您的范围内还没有事项。" in before and "stats-chart-data" not in before


def test_a_wrong_range_is_refused_in_chinese_and_filters_nothing(city):
    some_history(city)
    page = stats(city.city, created_after="2030-01-02", created_before="2030-01-01")
    assert "结束日期不能早于开始日期。" in page and "筛选条件有误，下面是未筛选的统计。" in page
    assert "示例申报：共 3 件" in page
    assert "示例申报：共 3 件" in stats(city.city, created_after="明天")
    assert "示例申报：共 3 件" in stats(city.city, district="999999")


def test_a_filter_cannot_widen_the_readers_scope(city):
    some_history(city)
    page = stats(city.reviewer, district=city.district_b.pk)
    assert "选择一个有效的选项" in page
    assert "沈河" not in page and "示例申报：共 2 件" in page  # refused, so unfiltered: their own
    own = stats(city.reviewer)
    assert "示例申报：共 2 件" in own and chart_data(own)["kinds"][0]["districts"] == ["和平区"]
    assert "您的范围内还没有事项。" in stats(city.teacher, district=city.district_a.pk)


def test_the_page_costs_the_same_with_more_items(city, django_assert_max_num_queries):
    some_history(city)
    client = client_for(city.city)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("workflows:stats"), {"created_after": "2000-01-01"})
    for _ in range(3):
        services.approve_task(task=open_task(submitted_item(city)), by=city.reviewer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("workflows:stats"), {"created_after": "2000-01-01"})
