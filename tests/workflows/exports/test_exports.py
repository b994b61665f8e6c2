"""导出 Excel: each file opened with openpyxl and checked against its page; every export within
the reader's scope (another district's items never appear); bad filters and too many rows refused."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.workflows.exports.conftest import rows_of
from tests.workflows.web.conftest import client_for, open_task
from workflows.engine import services

pytestmark = pytest.mark.django_db


def refs_on_page(response) -> set[str]:
    return set(re.findall(r"SA-\d{4}-\d{6}", response.content.decode()))


def test_claimable_export_is_the_page_in_scope(city, items):
    ours, theirs = items
    reviewer = client_for(city.reviewer)
    rows = rows_of(reviewer.get(reverse("workflows:claimable-export")))
    assert rows[0] == ["编号", "事项", "状态", "申报单位", "步骤", "期限", "到达时间"]
    exported = {row[0] for row in rows[1:]}
    assert exported == {item.ref_no for item in ours}, exported
    assert exported == refs_on_page(reviewer.get(reverse("workflows:claimable")))
    assert all(row[3] == "和平一校" and row[4] == "区县审核" for row in rows[1:])
    other = rows_of(client_for(city.reviewer_b).get(reverse("workflows:claimable-export")))
    assert [row[0] for row in other[1:]] == [theirs.ref_no]


def test_todo_and_done_exports(city, items):
    ours, theirs = items
    services.claim_task(task=open_task(ours[0]), by=city.reviewer)
    services.approve_task(task=open_task(ours[1]), by=city.reviewer, comment="同意。")
    reviewer = client_for(city.reviewer)
    todo = rows_of(reviewer.get(reverse("workflows:todo-export")))
    assert [row[0] for row in todo[1:]] == [ours[0].ref_no]
    done = rows_of(reviewer.get(reverse("workflows:done-export")))
    assert done[0] == ["编号", "事项", "状态", "申报单位", "步骤", "结果", "审批意见", "办理时间"]
    assert [row[:3] + row[4:7] for row in done[1:]] == [
        [ours[1].ref_no, "和平一校申报1", "市局审核中", "区县审核", "通过", "同意。"]]
    # Another district's reviewer has none of it.
    assert len(rows_of(client_for(city.reviewer_b).get(reverse("workflows:done-export")))) == 1
    assert len(rows_of(client_for(city.reviewer_b).get(reverse("workflows:todo-export")))) == 1


def test_items_export_keeps_the_filters_and_the_scope(city, items):
    ours, theirs = items
    reviewer = client_for(city.reviewer)
    everything = rows_of(reviewer.get(reverse("workflows:items-export")))
    assert everything[0][:3] == ["编号", "事项", "类别"]
    assert {row[0] for row in everything[1:]} == {item.ref_no for item in ours}  # not 沈河一校's
    assert all("区县审核：待和平区 区县审核员办理" in row[5] or "区县审核：待" in row[5] for row in everything[1:])
    filtered = rows_of(reviewer.get(reverse("workflows:items-export"), {"q": "申报2", "sort": "ref_no"}))
    assert [row[0] for row in filtered[1:]] == [ours[2].ref_no]
    page = reviewer.get(reverse("workflows:items"), {"q": "申报2"})
    assert refs_on_page(page) == {ours[2].ref_no}
    assert "导出 Excel" in page.content.decode() and "items/export/?q=" in page.content.decode()
    # Searching for the other district's item finds nothing.
    assert len(rows_of(reviewer.get(reverse("workflows:items-export"), {"q": "沈河"}))) == 1
    city_wide = rows_of(client_for(city.city).get(reverse("workflows:items-export")))
    assert len(city_wide) == 1 + 4


def test_stats_export_has_the_page_numbers(city, items):
    ours, theirs = items
    services.approve_task(task=open_task(ours[0]), by=city.reviewer, comment="同意。")
    rows = rows_of(client_for(city.reviewer).get(reverse("workflows:stats-export")))
    assert rows[0][0].endswith("共 3 件，逾期 0 件")
    assert rows[1][0] == "区县" and rows[1][-2:] == ["合计", "逾期"]
    header = rows[1]
    district = next(row for row in rows[2:] if row[0] == "和平区")
    assert district[header.index("区县审核中")] == 2 and district[header.index("市局审核中")] == 1
    assert "沈河区" not in [row[0] for row in rows]
    everything = rows_of(client_for(city.city).get(reverse("workflows:stats-export")))
    assert everything[0][0].endswith("共 4 件，逾期 0 件")
    # The page's filters apply: the city narrowed to 沈河区 has its one item.
    narrowed = rows_of(client_for(city.city).get(reverse("workflows:stats-export"), {"district": city.district_b.pk}))
    assert narrowed[0][0].endswith("共 1 件，逾期 0 件")
    times = load_workbook(io.BytesIO(client_for(city.reviewer).get(reverse("workflows:stats-export")).content))
    assert times.worksheets[-1].title == "各步骤办理用时"


def test_bad_filters_are_refused_and_long_lists_sent_to_the_background(city, items, settings):
    reviewer = client_for(city.reviewer)
    bad = reviewer.get(reverse("workflows:items-export"), {"created_after": "明天"})
    assert bad.status_code == 400 and "筛选条件有误" in bad.content.decode()
    settings.EXPORTS_BACKGROUND_ABOVE = 2
    refused = reviewer.get(reverse("workflows:items-export"), {"q": "和平"}, follow=True)
    page = refused.content.decode()
    assert "超过 2 条" in page and "后台导出 Excel" in page and refused.redirect_chain[0][0].endswith("?q=%E5%92%8C%E5%B9%B3")


def test_signed_out_visitors_are_sent_to_sign_in(city):
    for name in ("todo", "claimable", "done", "items", "stats"):
        response = Client().get(reverse(f"workflows:{name}-export"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
