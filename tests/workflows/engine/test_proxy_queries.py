"""委托 costs no extra queries in 待办, and the database refuses overlapping ranges on its own."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core.orgs.models import Proxy
from tests.city import build_city
from tests.threads import run_together
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.proxy_helpers import MONDAY, at, deputy
from workflows.engine import services
from workflows.engine.exceptions import Conflict
from workflows.engine.reading import selectors


def queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured)


def test_todo_costs_a_proxy_what_it_costs_anyone_however_many_rows(city):
    with time_machine.travel(at(MONDAY), tick=False):
        helper = deputy(of=city.reviewer)
        services.create_proxy(principal=city.reviewer, proxy=helper, starts_on=MONDAY, ends_on=MONDAY,
                              reason="出差", by=city.reviewer)
        submitted_item(city)
        services.claim_task(task=open_task(submitted_item(city)), by=city.reviewer)
        small = {name: queries(getattr(selectors, name), helper) for name in ("my_tasks", "queue", "todo")}
        own = {name: queries(getattr(selectors, name), city.reviewer) for name in ("my_tasks", "queue", "todo")}
        for _ in range(5):
            submitted_item(city)
            services.claim_task(task=open_task(submitted_item(city)), by=city.reviewer)
        large = {name: queries(getattr(selectors, name), helper) for name in ("my_tasks", "queue", "todo")}
        assert small == large == own
        assert len(selectors.my_tasks(helper)) == 6 and len(selectors.queue(helper)) == 6


def test_the_database_refuses_overlapping_live_ranges(city, on_postgres):
    helper, other = deputy(of=city.reviewer), deputy("other", of=city.reviewer)
    fields = {"principal": city.reviewer, "created_by": city.reviewer, "reason": "休假"}
    Proxy.objects.create(proxy=helper, starts_on=MONDAY, ends_on=MONDAY + timedelta(days=2), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proxy.objects.create(proxy=other, starts_on=MONDAY + timedelta(days=2), ends_on=MONDAY + timedelta(days=4),
                             **fields)


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_ranges_named_at_once_make_one(on_postgres):
    with time_machine.travel(at(MONDAY), tick=False):
        city = build_city()
        helpers = [deputy(f"d{n}", of=city.reviewer) for n in range(1, 5)]

        def name(i):
            return services.create_proxy(principal=city.reviewer, proxy=helpers[i], starts_on=MONDAY,
                                         ends_on=MONDAY + timedelta(days=1), reason="休假", by=city.reviewer)

        made, errors = run_together(name, len(helpers))
    assert len(made) == 1 and Proxy.objects.count() == 1
    assert all(isinstance(error, Conflict) or hasattr(error, "error_dict") for error in errors), errors
