"""名单 over the API: the department head reads what waits for their decision list and signs it,
ranked, within the campaign's quota (the sample HonourFlow's 市局决定). Bad input is 400 with the
Chinese reason (a list beyond the quota too); a list signed twice 409; whoever sees the items
without standing (the district's reviewer, the department's) 403, another district 404, a step
nobody has 404; nothing is written."""

import pytest
from django.urls import reverse

from core.audit.models import AuditEvent
from tests.workflows.api.helpers import client_for, reload
from tests.workflows.engine.conftest import open_task
from tests.workflows.engine.notice_helpers import city, honour_campaign, on_publication_day  # noqa: F401
from tests.sampleapp.honours import HonourFlow, honour_create, honour_submit
from workflows.engine import services
from workflows.engine.lists.models import ListAct
from workflows.engine.lists.selectors import step_ref

pytestmark = pytest.mark.django_db
STEP = step_ref(HonourFlow.city_decision)


def waiting(city, count=2, total=3, name="2021年度"):  # noqa: F811
    """`count` applications of school_a passed by their district: each waits for the decision list."""
    campaign = honour_campaign(city, total=total, name=name)
    items = []
    for n in range(count):
        item = honour_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                             title=f"评选申报{n + 1}", campaign=campaign)
        honour_submit(item=item, by=city.head)
        services.approve_task(task=open_task(item), by=city.reviewer)
        items.append(reload(item))
    return items


def sign(user, items, **body):
    return client_for(user).post(reverse("api:list-collection"),
                                 {"step": STEP, "items": [item.pk for item in items], **body}, format="json")


def test_the_head_reads_what_waits_and_signs_the_list(city):  # noqa: F811
    items = waiting(city)
    shown = client_for(city.city_head).get(reverse("api:list-collection")).json()
    assert [(row["step"], row["title"]) for row in shown] == [(STEP, "市局决定")]
    assert [entry["id"] for entry in shown[0]["items"]] == [item.pk for item in items]
    answer = sign(city.city_head, list(reversed(items)), comment="经处务会研究确定。")
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    assert [(m["rank"], m["item"]) for m in data["members"]] == [(1, items[1].pk), (2, items[0].pk)]
    assert data["comment"] == "经处务会研究确定。" and data["size"] == 2
    assert {reload(item).status for item in items} == {"notice"}
    assert AuditEvent.objects.filter(action="list_act", object_id=str(data["id"])).count() == 1
    assert client_for(city.city_head).get(reverse("api:list-collection")).json() == []


@pytest.mark.parametrize("body, message", [
    ({"items": []}, "名单不能为空"),
    ({"items": "x"}, ""),
    ({"step": ""}, ""),
])
def test_bad_input_is_400_and_writes_nothing(city, body, message):  # noqa: F811
    items = waiting(city, count=1)
    answer = client_for(city.city_head).post(reverse("api:list-collection"),
                                             {"step": STEP, "items": [items[0].pk], **body}, format="json")
    assert answer.status_code == 400 and message in str(answer.json())
    assert not ListAct.objects.exists() and reload(items[0]).status == "city_decision"


def test_a_list_beyond_the_quota_is_400_and_a_second_signing_409(city):  # noqa: F811
    items = waiting(city, count=2, total=1)
    answer = sign(city.city_head, items)
    assert answer.status_code == 400 and "名额" in str(answer.json())
    assert not ListAct.objects.exists()
    assert sign(city.city_head, items[:1]).status_code == 201
    again = sign(city.city_head, items[:1])
    assert again.status_code == 409 and "不在“市局决定”环节等待办理" in again.json()["detail"]


def test_nobody_else_signs_and_nothing_is_written(city):  # noqa: F811
    items = waiting(city, count=1)
    assert sign(city.reviewer_b, items).status_code == 404  # another district's: nothing to see
    assert sign(city.reviewer, items).status_code == 403  # the item's district sees it, but does not decide
    assert sign(city.city, items).status_code == 403  # the department's reviewer sees it, but the head decides
    assert sign(city.head, items).status_code == 403  # the school itself
    unknown = sign(city.city_head, items, step="tests.sampleapp.honours.HonourFlow.nothing")
    assert unknown.status_code == 404 and "没有这个名单步骤" in unknown.json()["detail"]
    assert client_for(None).post(reverse("api:list-collection"), {}, format="json").status_code == 401
    assert not ListAct.objects.exists() and reload(items[0]).status == "city_decision"
