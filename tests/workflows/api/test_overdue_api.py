"""Deadlines over the API: each task's due_at, the overdue filters on tasks and items (soonest
first), and the overdue counts in the statistics."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)  # the district review has 5 working days: due 3-9 17:30
NEXT_MONDAY = datetime(2026, 3, 9, 10, 0, tzinfo=SHANGHAI)
TUESDAY_AFTER = datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)


def late_and_fresh(city):
    """An item submitted a week ago (its review is overdue on TUESDAY_AFTER) and one from Monday."""
    with time_machine.travel(MONDAY, tick=False):
        late = submitted_item(city)
    with time_machine.travel(NEXT_MONDAY, tick=False):
        fresh = submitted_item(city)
    return late, fresh


def test_tasks_show_their_deadline_and_filter_by_overdue(city):
    late, fresh = late_and_fresh(city)
    with time_machine.travel(TUESDAY_AFTER, tick=False):
        api = client_for(city.reviewer)
        rows = api.get("/api/v1/tasks/").json()["results"]
        assert [(r["item"]["ref_no"], r["overdue"]) for r in rows] == [(late.ref_no, True), (fresh.ref_no, False)]
        assert rows[0]["due_at"] == "2026-03-09T17:30:00+08:00" and rows[0]["deadline_pending"] is False
        assert [r["id"] for r in api.get("/api/v1/tasks/?overdue=true").json()["results"]] == [open_task(late).pk]
        assert [r["id"] for r in api.get("/api/v1/tasks/?overdue=false").json()["results"]] == [open_task(fresh).pk]
        assert api.get("/api/v1/tasks/?overdue=maybe").status_code == 400

        done = open_task(late)
        services.approve_task(task=done, by=city.reviewer)
        row = api.get("/api/v1/tasks/?filter=done").json()["results"][0]
        assert row["id"] == done.pk and row["overdue"] is True  # finished after its deadline


def test_items_filter_and_flag_overdue_and_stats_count_them(city):
    late, fresh = late_and_fresh(city)
    with time_machine.travel(TUESDAY_AFTER, tick=False):
        api = client_for(city.city)
        assert [r["ref_no"] for r in api.get("/api/v1/items/?overdue=true").json()["results"]] == [late.ref_no]
        assert [r["ref_no"] for r in api.get("/api/v1/items/?overdue=false").json()["results"]] == [fresh.ref_no]
        flags = {r["ref_no"]: r["overdue"] for r in api.get("/api/v1/items/").json()["results"]}
        assert flags == {late.ref_no: True, fresh.ref_no: False}
        assert api.get(f"/api/v1/items/{late.pk}/").json()["overdue"] is True
        overdue = api.get("/api/v1/stats/").json()["overdue"]
        assert [(r["district"]["name"], r["kind"], r["count"]) for r in overdue] == [("和平区", "sample", 1)]
        assert client_for(city.reviewer_b).get("/api/v1/stats/").json()["overdue"] == []
