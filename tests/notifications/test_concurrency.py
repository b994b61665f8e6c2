"""On PostgreSQL: concurrent calls with one key write one row, and the indexes serve the sweep's
"what is due now" query and the prefix cancel."""

import pytest
from django.db import connection

from notifications.api import notify, schedule
from notifications.models import Notification, ScheduledReminder
from tests.notifications.helpers import local
from tests.threads import run_together
from workflows.engine import message_kinds as engine_kinds

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_notify_with_one_key_writes_one_row(on_postgres, person):
    _results, errors = run_together(
        lambda i: notify(key="task:1:assigned", recipient=person, kind=engine_kinds.TASK_ASSIGNED, target=None,
                         params={"thread": i}),
        THREADS,
    )
    assert errors == []
    assert Notification.objects.filter(key="task:1:assigned").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedule_with_one_key_writes_one_row(on_postgres, person, policy, district):
    _results, errors = run_together(
        lambda i: schedule(key="task:1:reminder:3", due_at=local(2021, 9, 20 + i, 9), recipient=person,
                           policy=policy, target=district),
        THREADS,
    )
    assert errors == []
    row = ScheduledReminder.objects.get(key="task:1:reminder:3")
    assert row.due_at in {local(2021, 9, 20 + i, 9) for i in range(THREADS)}


def plan_of(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_due_query_and_the_prefix_cancel_use_their_partial_indexes(on_postgres, person, policy):
    ScheduledReminder.objects.bulk_create(
        ScheduledReminder(key=f"task:{n}:reminder:3", due_at=local(2021, 9, 1 + n % 28, 9), recipient=person,
                          policy=policy)
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_scheduledreminder")
    due = ScheduledReminder.objects.filter(state="pending", due_at__lte=local(2021, 10, 1)).order_by("due_at")[:500]
    sql, params = due.select_for_update(skip_locked=True).query.sql_with_params()
    assert "schedule_due_pending" in plan_of(sql, params)
    by_prefix = ScheduledReminder.objects.filter(state="pending", key__startswith="task:1:").order_by()
    sql, params = by_prefix.query.sql_with_params()
    assert "schedule_key_prefix_pending" in plan_of(sql, params)
