"""The task listings cost a fixed number of queries however many rows they return."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services
from workflows.engine.reading import selectors


def queries(function, *args):
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    return len(captured), result


def test_listing_queries_do_not_grow_with_rows(city):
    submitted_item(city)
    mine = submitted_item(city)
    services.claim_task(task=open_task(mine), by=city.reviewer)
    small = {name: queries(getattr(selectors, name), city.reviewer)[0] for name in ("my_tasks", "queue", "todo")}

    for _ in range(6):
        services.claim_task(task=open_task(submitted_item(city)), by=city.reviewer)
        submitted_item(city)
    for name in ("my_tasks", "queue", "todo"):
        count, rows = queries(getattr(selectors, name), city.reviewer)
        assert count == small[name], name
    assert len(selectors.my_tasks(city.reviewer)) == 7
    assert len(selectors.queue(city.reviewer)) == 7
    # Reading the rows' items, organisations and steps costs nothing more.
    count, _ = queries(lambda: [(e.item.organisation.name, e.item.submitter.username, e.title, e.item.status_label)
                                for e in selectors.todo(city.reviewer)])
    assert count == small["todo"]


def test_a_user_with_no_roles_has_an_empty_queue_cheaply(city):
    from core.orgs.models import User

    nobody = User.objects.create_user(username="nobody")
    count, rows = queries(selectors.queue, nobody)
    assert rows == [] and count == 1
