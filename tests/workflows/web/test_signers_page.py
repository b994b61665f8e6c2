"""The item page with a multi-person step: the members and their decisions, 加签/减签 only for the
handler of an open member task, the buttons' acts, and a query count that does not grow with
the number of members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.orgs.roles import Role
from tests.sampleapp.panels import CountersignFlow, SequenceFlow
from tests.workflows.engine.multi_helpers import build_panel, member_tasks, person, states, submitted
from tests.workflows.engine.proxy_helpers import colleagues
from tests.workflows.web.conftest import client_for, item_url
from workflows.engine import services


@pytest.fixture
def panel(db):
    return build_panel()


def page(user, item):
    response = client_for(user).get(item_url(item))
    assert response.status_code == 200
    return response.content.decode()


def test_members_and_decisions_are_shown_to_everyone_who_sees_the_item(panel):
    city = panel.city
    item = submitted(panel, CountersignFlow)
    services.approve_task(task=member_tasks(item)["reviewer2"], by=city.reviewer2, comment="材料齐全，同意")
    for reader in (city.head, city.city, city.reviewer):
        html = page(reader, item)
        assert "区县会签 · 会签" in html
        assert "reviewer3" in html and "材料齐全，同意" in html and "待办理" in html


def test_add_and_remove_buttons_only_for_a_handler_of_an_open_member_task(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)  # the pool has the city reviewers to add
    task = member_tasks(item)["reviewer"]
    add_url = reverse("workflows:add-signer", args=[task.pk])
    html = page(city.reviewer, item)
    assert add_url in html and reverse("workflows:remove-signer", args=[task.pk]) in html
    assert '<option value="%d">city</option>' % city.city.pk in html  # someone from the pool
    for reader in (city.head, city.city, city.reviewer2):  # reviewer2 waits for their turn
        assert "/add-signer/" not in page(reader, item)
    services.approve_task(task=task, by=city.reviewer)
    assert "/add-signer/" not in page(city.reviewer, item)  # acted: nothing more to do
    assert "/add-signer/" in page(city.reviewer2, item)  # now it is their turn


def test_the_buttons_add_and_remove_through_the_services(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    task = member_tasks(item)["reviewer"]
    client = client_for(city.reviewer)
    response = client.post(reverse("workflows:add-signer", args=[task.pk]), {"user": city.city.pk, "position": "after"})
    assert response.status_code == 302
    assert [name for name, _ in states(item)][:2] == ["reviewer", "city"]
    response = client.post(reverse("workflows:remove-signer", args=[task.pk]), {"user": city.city.pk})
    assert response.status_code == 302
    assert dict(states(item))["city"] == "removed"
    # Bad input comes back on the item page with the reason, nothing written.
    response = client.post(reverse("workflows:add-signer", args=[task.pk]), {"user": city.head.pk})
    assert response.status_code == 400 and "不能加签申报人本人。" in response.content.decode()
    # Someone else's task: 403 page; out of scope: 404.
    response = client_for(city.reviewer2).post(reverse("workflows:remove-signer", args=[task.pk]),
                                               {"user": panel.reviewer3.pk})
    assert response.status_code == 403
    response = client_for(city.reviewer_b).post(reverse("workflows:add-signer", args=[task.pk]),
                                                {"user": city.city.pk})
    assert response.status_code == 404


def queries(user, item) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(user, item)
    return len(captured.captured_queries)


def test_the_item_page_costs_the_same_for_three_members_as_for_ten(panel):
    city = panel.city
    few = submitted(panel, CountersignFlow)
    services.approve_task(task=member_tasks(few)["reviewer2"], by=city.reviewer2, comment="同意")
    for n in range(7):
        person(f"more{n}", Role.DISTRICT_REVIEWER, city.district_a)
    many = submitted(panel, CountersignFlow)
    assert len(member_tasks(many)) == 10
    services.approve_task(task=member_tasks(many)["reviewer2"], by=city.reviewer2, comment="同意")
    # A handler (with the pool to add from), a department reader and the submitter (催办 on every member)
    for reader in (city.reviewer, city.city, city.head):
        page(reader, few)  # warm the per-process caches (content types) first
        assert queries(reader, many) == queries(reader, few)


def test_a_proxy_gets_the_buttons_of_their_principals_member_task(panel):
    city = panel.city
    item = submitted(panel, SequenceFlow)
    deputy = person("deputy", Role.EXPERT, city.bureau)
    colleagues(city.reviewer, deputy)  # a proxy must share one of the principal's roles
    today = timezone.localdate()
    services.create_proxy(principal=city.reviewer, proxy=deputy, starts_on=today, ends_on=today, reason="出差",
                          by=city.reviewer)
    task = member_tasks(item)["reviewer"]
    assert reverse("workflows:add-signer", args=[task.pk]) in page(deputy, item)
