"""Lists cost the same number of queries for 5 rows as for 50."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def grow(city, n):
    """n more items: a third claimed by the reviewer, a third decided by them, a third queued."""
    for i in range(n):
        item = submitted_item(city)
        if i % 3 == 0:
            services.claim_task(task=open_task(item), by=city.reviewer)
        elif i % 3 == 1:
            services.approve_task(task=open_task(item), by=city.reviewer, comment="同意")


URLS = ["/api/v1/tasks/", "/api/v1/tasks/?filter=mine", "/api/v1/tasks/?filter=queue", "/api/v1/tasks/?filter=done",
        "/api/v1/tasks/?overdue=false", "/api/v1/items/", f"/api/v1/items/?q=和平&year={timezone.localdate().year}",
        "/api/v1/items/?overdue=false", "/api/v1/stats/"]


def rows(body):
    return len(body["results"]) if "results" in body else sum(row["count"] for row in body["counts"])


def test_list_queries_do_not_grow_with_rows(city):
    api = client_for(city.reviewer)
    grow(city, 5)
    few = {url: queries(api, url) for url in URLS}
    grow(city, 45)
    for url in URLS:
        count, body = queries(api, url)
        assert count == few[url][0], url
        assert rows(body) > rows(few[url][1]), url


def test_history_and_files_queries_do_not_grow(city):
    item = submitted_item(city)
    api = client_for(city.head)
    few, _ = queries(api, f"/api/v1/items/{item.pk}/history/")
    for _ in range(10):
        services.claim_task(task=open_task(item), by=city.reviewer)
        services.unclaim_task(task=open_task(item), by=city.reviewer)
    many, body = queries(api, f"/api/v1/items/{item.pk}/history/")
    assert body["count"] == 22 and many == few
