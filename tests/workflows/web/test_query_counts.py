"""Every list costs the same number of queries for 5 rows as for 30: rows are built in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workflows.web.conftest import client_for, in_days, open_task, set_due, submitted_item
from workflows.engine import services

pytestmark = pytest.mark.django_db


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    return len(captured.captured_queries)


def grow(city, count, *, claim=False, decide=False, overdue=False):
    for n in range(count):
        item = submitted_item(city, title=f"计数{n}")
        task = open_task(item)
        if overdue:
            set_due(task, in_days(-1))
        if claim:
            services.claim_task(task=task, by=city.reviewer)
        if decide:
            services.approve_task(task=task, by=city.reviewer, comment="同意。")


@pytest.mark.parametrize("name, setup, params", [
    ("todo", {"claim": True}, {}),
    ("claimable", {}, {}),
    ("claimable", {"overdue": True}, {"overdue": "on", "q": "计数", "sort": "due"}),
    ("done", {"decide": True}, {}),
    ("items", {}, {}),
    ("items", {}, {"q": "计数"}),  # 事项查询 by a Chinese substring of the title
    ("items", {"overdue": True}, {"overdue": "on", "kind": "sample", "status": "district_review"}),
    ("stats", {"decide": True}, {}),
])
def test_list_query_count_does_not_grow_with_rows(city, name, setup, params):
    url = reverse(f"workflows:{name}")
    user = city.city if name == "stats" else city.reviewer
    client = client_for(user)
    grow(city, 5, **setup)
    few = queries(client, url, params)
    grow(city, 25, **setup)
    many = queries(client, url, params)
    assert many == few, (few, many)


def test_mine_query_count_does_not_grow_with_rows(city):
    client = client_for(city.head)
    grow(city, 5)
    few = queries(client, reverse("workflows:mine"))
    grow(city, 25)
    assert queries(client, reverse("workflows:mine")) == few


def test_item_page_query_count_does_not_grow_with_its_history(city):
    item = submitted_item(city)
    client = client_for(city.reviewer)
    url = reverse("workflows:item", args=[item.pk])
    few = queries(client, url)
    for _round in range(3):
        services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请修改。")
        services.resubmit_item(task=open_task(item), by=city.head, comment="已修改。")
    assert queries(client, url) == few


def test_item_page_query_count_does_not_grow_with_the_items_around_it(city):
    item = submitted_item(city)
    client = client_for(city.reviewer)
    url = reverse("workflows:item", args=[item.pk])
    grow(city, 5, decide=True)
    few = queries(client, url)
    grow(city, 25, decide=True)
    assert queries(client, url) == few
