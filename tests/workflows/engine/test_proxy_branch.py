"""The item-visibility query leaves its 委托 branch out for a signed-in user who is nobody's
proxy today (core.accounts.backends reads that with the request's user, in the same statement):
the branch's estimated cost made PostgreSQL JIT-compile every item page and search. Whoever is a
proxy keeps it, and a user loaded any other way gets the full query; the items are the same."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.accounts.backends import AccountBackend
from core.orgs.models import User
from tests.workflows.engine.conftest import submitted_item
from tests.workflows.engine.proxy_helpers import MONDAY, at, deputy
from workflows.engine import services
from workflows.engine.access import scoped_items

pytestmark = pytest.mark.django_db
PROXY_TABLE = "orgs_proxy"


@pytest.fixture
def monday():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


def signed_in(user):
    return AccountBackend().get_user(user.pk)


def test_nobodys_proxy_gets_the_query_without_the_branch_and_the_same_items(city, monday):
    submitted_item(city)
    user = signed_in(city.reviewer)
    assert user.acts_as_proxy is False
    assert PROXY_TABLE not in str(scoped_items(user).query)
    full = User.objects.get(pk=city.reviewer.pk)  # no flag: the full query
    assert PROXY_TABLE in str(scoped_items(full).query)
    assert list(scoped_items(user)) == list(scoped_items(full)) and scoped_items(user).exists()


def test_a_proxy_today_keeps_the_branch_and_a_range_not_begun_or_cancelled_does_not(city, monday):
    helper = deputy(of=city.reviewer)
    later = services.create_proxy(principal=city.reviewer, proxy=helper, starts_on=MONDAY + timedelta(days=1),
                                  ends_on=MONDAY + timedelta(days=2), reason="外出培训", by=city.reviewer)
    assert signed_in(helper).acts_as_proxy is False  # begins tomorrow
    services.end_proxy(proxy=later, by=city.reviewer)
    services.create_proxy(principal=city.reviewer, proxy=helper, starts_on=MONDAY, ends_on=MONDAY, reason="外出培训",
                          by=city.reviewer)
    user = signed_in(helper)
    assert user.acts_as_proxy is True
    assert PROXY_TABLE in str(scoped_items(user).query)


def test_a_signed_in_request_reads_the_flag_with_its_user_and_plans_items_without_the_branch(city, monday, client):
    item = submitted_item(city)
    client.force_login(city.reviewer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/work/items/{item.pk}/").status_code == 200
    item_queries = [q["sql"] for q in queries if "workflows_item" in q["sql"] and "orgs_user" not in q["sql"][:200]]
    assert item_queries and not any(PROXY_TABLE in sql for sql in item_queries)
    assert any("acts_as_proxy" in q["sql"] for q in queries)  # in the user's own statement


def test_an_api_token_reads_the_flag_too_and_a_bad_token_is_refused(city, monday, client):
    from rest_framework.authtoken.models import Token

    item = submitted_item(city)
    key = Token.objects.create(user=city.reviewer).key
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/items/{item.pk}/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["id"] == item.pk
    item_queries = [q["sql"] for q in queries if "workflows_item" in q["sql"] and "authtoken" not in q["sql"][:300]]
    assert item_queries and not any(PROXY_TABLE in sql for sql in item_queries)
    assert client.get(f"/api/v1/items/{item.pk}/", HTTP_AUTHORIZATION="Token nonsense").status_code == 401
    city.reviewer.is_active = False
    city.reviewer.save(update_fields=["is_active"])
    assert client.get(f"/api/v1/items/{item.pk}/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
