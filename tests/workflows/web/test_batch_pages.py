"""批量审批 on the pages: checkboxes only where tasks share a step, the confirm page listing the
chosen items and the comment, the result page (done / refused and why) with links; bad batches
refused in Chinese with nothing written; another district's task shown as not found."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.sampleapp.models import SampleApplication
from tests.workflows.engine.batch_approval_helpers import foreign_task, waiting
from tests.workflows.web.conftest import client_for, open_task, reload
from workflows.engine import services
from workflows.engine.models import Decision

pytestmark = pytest.mark.django_db
S = SampleApplication.Status
URL = reverse("workflows:batch-approve")


def test_the_queue_offers_checkboxes_for_tasks_of_one_step_and_says_so(city):
    items = waiting(city, 3)
    page = client_for(city.reviewer).get(reverse("workflows:claimable")).content.decode()
    assert 'id="batch-form"' in page and "批量通过所选" in page
    assert "同一流程、同一环节" in page and "区县审核（3件）" in page
    for item in items:
        assert f'name="tasks" value="{open_task(item).pk}"' in page


def test_my_claimed_tasks_of_one_step_can_be_ticked_too(city):
    items = waiting(city, 2)
    for item in items:
        services.claim_task(task=open_task(item), by=city.reviewer)
    page = client_for(city.reviewer).get(reverse("workflows:todo")).content.decode()
    assert "批量通过所选" in page and 'name="back" value="todo"' in page
    assert all(f'name="tasks" value="{open_task(item).pk}"' in page for item in items)


def test_a_lone_task_of_its_step_gets_no_checkbox(city):
    waiting(city, 1)
    page = client_for(city.reviewer).get(reverse("workflows:claimable")).content.decode()
    assert 'id="batch-form"' not in page and 'name="tasks"' not in page


def test_the_confirm_page_lists_the_items_and_the_comment_and_writes_nothing(city):
    items = waiting(city, 2)
    tasks = [open_task(item).pk for item in items]
    response = client_for(city.reviewer).post(URL, {"tasks": tasks, "comment": "材料齐全，同意上报。", "back": "claimable"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "确认批量通过" in page and "确认通过 2 件" in page and "材料齐全，同意上报。" in page
    assert "批量申报1" in page and "批量申报2" in page and "区县审核" in page
    assert not Decision.objects.exists()


def test_confirmed_the_batch_approves_and_the_result_says_why_for_each(city):
    first, second, taken = waiting(city, 3)
    tasks = [open_task(item).pk for item in (first, second, taken)]
    services.approve_task(task=tasks[2], by=city.reviewer2)  # someone else was first
    foreign = foreign_task(city)
    response = client_for(city.reviewer).post(
        URL, {"tasks": tasks + [foreign.pk], "comment": "同意。", "confirmed": "1", "back": "claimable"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "已通过 2 件，未通过 2 件。" in page
    assert "此待办已办理或已撤销。" in page
    assert f"待办 {foreign.pk}" in page and "未找到该事项或待办，或您无权查看。" in page
    assert "沈河一校的机密申报" not in page  # nothing of the foreign item is told
    assert reverse("workflows:item", args=[first.pk]) in page and reverse("workflows:claimable") in page
    assert reload(first).status == reload(second).status == S.CITY_REVIEW
    assert reload(foreign.process.artifact).status == S.DISTRICT_REVIEW
    assert not Decision.objects.filter(item_id=foreign.process.artifact_object_id).exists()


def test_the_confirm_page_of_a_foreign_task_tells_nothing_of_it(city):
    mine, = waiting(city, 1)
    foreign = foreign_task(city)
    page = client_for(city.reviewer).post(URL, {"tasks": [open_task(mine).pk, foreign.pk]}).content.decode()
    assert "沈河一校" not in page and f"待办 {foreign.pk}：未找到" in page


@pytest.mark.parametrize("posted, message", [
    ({}, "请至少选择一件待办。"),
    ({"tasks": ["x1"]}, "待办编号“x1”无效。"),
    ({"comment": "长" * 2001, "tasks": ["1"]}, "审批意见最多2000字。"),
])
def test_a_bad_batch_is_refused_in_chinese(city, posted, message):
    for confirmed in ({}, {"confirmed": "1"}):
        response = client_for(city.reviewer).post(URL, {**posted, **confirmed})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Decision.objects.exists()


def test_an_oversized_batch_is_refused(city, settings):
    settings.WORKFLOWS_BATCH_APPROVE_MAX = 1
    tasks = [open_task(item).pk for item in waiting(city, 2)]
    response = client_for(city.reviewer).post(URL, {"tasks": tasks, "confirmed": "1"})
    assert response.status_code == 400
    assert "一次最多批量审批1件，您选择了2件；请分批办理。" in response.content.decode()
    assert not Decision.objects.exists()


def test_tasks_of_two_steps_are_refused_on_the_page(city):
    at_district, at_city = waiting(city, 2)
    services.approve_task(task=open_task(at_city), by=city.reviewer)
    response = client_for(city.city).post(URL, {"tasks": [open_task(at_district).pk, open_task(at_city).pk],
                                                "confirmed": "1"})
    assert response.status_code == 400
    assert "同一流程、同一环节" in response.content.decode()
    assert reload(at_district).status == S.DISTRICT_REVIEW


def test_a_get_is_not_an_act(city):
    assert client_for(city.reviewer).get(URL).status_code == 405


def test_the_confirm_page_costs_the_same_queries_for_two_or_six_tasks(city):
    client = client_for(city.reviewer)

    def cost(count):
        tasks = [open_task(item).pk for item in waiting(city, count)]
        with CaptureQueriesContext(connection) as queries:
            assert client.post(URL, {"tasks": tasks}).status_code == 200
        return len(queries)

    assert cost(2) == cost(6)


def test_the_queue_page_costs_the_same_queries_with_the_checkboxes(city):
    client = client_for(city.reviewer)
    waiting(city, 2)
    with CaptureQueriesContext(connection) as two:
        client.get(reverse("workflows:claimable"))
    waiting(city, 4)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("workflows:claimable"))
    assert len(two) == len(six)
