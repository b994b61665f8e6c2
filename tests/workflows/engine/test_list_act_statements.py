"""A list act's statements (issue 19, requirement 5: a list of 150 under 5 s; bench/list_act.py
times it): signing a list costs a fixed number of statements plus a bounded share per member.
Each member's own writes stay per member (its task completed and the next opened, its
compare-and-set status move, its audit chain, its reminders cancelled, its messages: 10 today);
what all members share (the items, tasks, grants, campaign, quota) is read once. Measured for 3
and 12 members: the difference is 9 members' share."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workflows.api.test_lists_api import waiting
from tests.workflows.engine.notice_helpers import city, on_publication_day  # noqa: F401
from tests.sampleapp.honours import honour_decide

pytestmark = pytest.mark.django_db


def statements_of_signing(city, count):  # noqa: F811
    items = waiting(city, count=count, total=count, name=f"{count}所")
    with CaptureQueriesContext(connection) as captured:
        honour_decide(items=items, by=city.city_head)
    return [query["sql"] for query in captured.captured_queries]


def test_signing_a_list_costs_few_statements_per_member(city):  # noqa: F811
    small, large = statements_of_signing(city, 3), statements_of_signing(city, 12)
    per_member = (len(large) - len(small)) / 9
    print(f"statements: 3 members {len(small)}, 12 members {len(large)}, {per_member:.1f} per member")
    assert per_member <= 10, (len(small), len(large))

