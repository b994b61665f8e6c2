"""The statistics page: items by kind × district × status with overdue counts, and the median time
per step; a district sees itself, the city department everything it owns."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.web.conftest import client_for, in_days, open_task, set_due, submitted_item
from workflows.engine import services
from workflows.web.stats import duration_text

pytestmark = pytest.mark.django_db


def table_rows(page: str, caption_start: str) -> dict[str, list[str]]:
    """{row header: [cells]} of the table whose caption starts with `caption_start`."""
    table = page[page.index(caption_start):]
    table = table[:table.index("</table>")]
    rows = {}
    for header, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table):
        rows[header] = re.findall(r"<td[^>]*>(.*?)</td>", cells)
    return rows


def test_counts_by_district_and_status_with_overdue(city):
    late = submitted_item(city, title="甲")
    set_due(open_task(late), in_days(-1))
    submitted_item(city, title="乙")
    withdrawn = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b, title="丙")
    sample_submit(item=withdrawn, by=city.head_b)
    services.withdraw_item(item=withdrawn, by=city.head_b, comment="材料有误")
    # A draft is the school's own: counted for its school, not for the department (until submitted).
    sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b, title="丁")

    page = client_for(city.city).get(reverse("workflows:stats")).content.decode()
    assert "示例申报：共 3 件，逾期 1 件" in page
    rows = table_rows(page, "示例申报：共")
    # Columns: 区县审核中, 已撤回 (in the kind's order), 合计, 逾期.
    assert rows["和平区"] == ["2", "0", "2", "1"]
    assert rows["沈河区"] == ["0", "1", "1", "0"]
    assert rows["合计"] == ["2", "1", "3", "1"]
    assert page.index(">区县审核中<") < page.index(">已撤回<") and ">草稿<" not in page
    school = client_for(city.head_b).get(reverse("workflows:stats")).content.decode()
    assert "示例申报：共 2 件" in school and ">草稿<" in school

    district = client_for(city.reviewer).get(reverse("workflows:stats")).content.decode()
    assert "示例申报：共 2 件，逾期 1 件" in district and "沈河区" not in district
    assert "您的范围内还没有事项。" in client_for(city.teacher).get(reverse("workflows:stats")).content.decode()


def test_median_time_per_step(city):
    start = timezone.now()
    for hours in (1, 3, 50):
        with time_machine.travel(start, tick=False):
            item = submitted_item(city)
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            services.approve_task(task=open_task(item), by=city.reviewer)
    page = client_for(city.city).get(reverse("workflows:stats")).content.decode()
    rows = table_rows(page, "各步骤办理用时（中位数）</caption>")
    assert rows["区县审核"] == ["3", "3.0小时", "0.8", "100%"]  # median, average (days), on time


def test_durations_in_words():
    assert duration_text(timedelta(minutes=20)) == "20分钟"
    assert duration_text(timedelta(hours=5)) == "5.0小时"
    assert duration_text(timedelta(days=3)) == "3.0天"
