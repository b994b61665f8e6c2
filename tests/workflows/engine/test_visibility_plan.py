"""The item-visibility query's planned cost at the size of a city (issue 19: the 委托 branch's
estimate alone pushed PostgreSQL over jit_above_cost, so every item page and search was
JIT-compiled for ~78 ms though it ran in ~3 ms). On a city of 9,000 items and ~70,000 tasks
(bench/city.py's generator at scale 0.03, analyzed), the full query (with the branch) is planned
above the threshold, while the query a signed-in request runs (nobody's proxy: no branch) is
planned far below it, with no JIT in its plan, for the pages that read it: the item page, the
search (a Chinese substring) and the list."""

import json

import pytest
from django.db import connection

from bench.city import TABLES, load_city
from core.accounts.backends import AccountBackend
from core.orgs.models import User
from workflows.engine.access import scoped_items
from workflows.engine.reading.search import ItemFilters, search_items

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
SCALE = 0.03


@pytest.fixture
def city(on_postgres):
    with connection.cursor() as cursor:
        load_city(cursor.connection.cursor(), SCALE, events=False, schedule=False)
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")  # what autovacuum leaves after a bulk load
        cursor.execute("SHOW jit_above_cost")
        return float(cursor.fetchone()[0])


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        found = cursor.fetchone()[0]
    found = json.loads(found) if isinstance(found, str) else found
    return found[0]["Plan"]["Total Cost"], "JIT" in found[0]


def readings(user):
    """The visibility query as the item page, the search and the item list read it."""
    some = scoped_items(user).order_by("pk").values_list("pk", flat=True).first()
    return {
        "item page": scoped_items(user).filter(pk=some),
        "search": search_items(scoped_items(user), ItemFilters(q="书香")).order_by("-created_at", "-pk")[:20],
        "list": scoped_items(user).order_by("-created_at", "-pk")[:20],
    }


def test_a_request_users_visibility_query_is_planned_at_its_real_cost_without_jit(city):
    jit_above_cost = city
    for role in ("district_reviewer", "city_reviewer", "school_head"):  # one load for all three
        person = User.objects.filter(role_grants__role=role).order_by("pk").first()
        signed_in = AccountBackend().get_user(person.pk)
        assert signed_in.acts_as_proxy is False
        full = scoped_items(User.objects.get(pk=person.pk)).order_by("-created_at", "-pk")[:20]
        full_cost, full_jit = plan(full)
        assert full_cost > jit_above_cost and full_jit, role  # the data is big enough for the branch to cross it
        for reading, queryset in readings(signed_in).items():
            cost, jit = plan(queryset)
            assert cost < jit_above_cost / 20, (role, reading, cost)
            assert not jit, (role, reading)
