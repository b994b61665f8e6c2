"""The item page: data, files, timeline, flow chart, changes since the last submission, and only
the buttons the reader may use; every act through the services, their errors mapped."""

import re

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task

from core.audit.models import AuditEvent
from tests.sample_files import EXE, upload
from tests.sampleapp.services import sample_update
from tests.workflows.web.conftest import (
    client_for,
    in_days,
    item_url,
    open_task,
    reload,
    set_due,
    submitted_item,
)
from workflows.engine import services
from workflows.engine.models import Attachment, Decision

pytestmark = pytest.mark.django_db


def decide_url(task):
    return reverse("workflows:decide", args=[task.pk])


def forms_on(page: str) -> set[str]:
    """Which act forms the item offers: the last part of each form's action URL."""
    article = page[page.index('<article class="item">'):page.index("</article>")]
    return {action.rstrip("/").rsplit("/", 1)[-1] for action in re.findall(r'<form method="post" action="([^"]+)"', article)}


def test_page_shows_data_files_timeline_and_the_chart_with_the_current_step(city):
    item = submitted_item(city, summary="学校简介", pupils=900)
    services.claim_task(task=open_task(item), by=city.reviewer)
    set_due(open_task(item), in_days(3))

    response = client_for(city.reviewer).get(item_url(item))
    assert response.status_code == 200
    page = response.content.decode()
    assert item.ref_no in page and "区县审核中" in page and "和平一校" in page and "基础教育处" in page
    assert "学校简介" in page and "900" in page and "在校生人数" in page
    # Timeline: every audit event, in Chinese, with who and where.
    timeline = page[page.index("时间线"):]
    assert [a for a in re.findall(r"<strong>(.+?)</strong>", timeline)] == ["创建", "提交", "认领"]
    assert "reviewer" in timeline and "和平区" in timeline
    # The chart (workflows/web/chart.py): the open step marked current, its Chinese title drawn.
    assert "<svg" in page and 'id="district_review"' in page
    assert re.search(r'<g id="district_review"[^>]*class="node step current"', page)
    assert re.search(r'<g id="start"[^>]*class="node start done"', page)
    assert "当前步骤（粗框标出）：区县审核" in page


def test_the_queue_reviewer_may_claim_or_decide_the_submitter_may_withdraw_others_only_read(city):
    item = submitted_item(city)
    url = item_url(item)
    assert forms_on(client_for(city.reviewer).get(url).content.decode()) == {
        "claim", "decide", "transfer", "delegate", "cc"}
    assert forms_on(client_for(city.head).get(url).content.decode()) == {"withdraw", "urge"}
    page = client_for(city.city).get(url).content.decode()  # the owning department: reads, may urge (催办)
    assert forms_on(page) == {"urge"} and "办理：" not in page and "当前步骤：区县审核" in page
    assert forms_on(client_for(city.district_head).get(url).content.decode()) == set()

    services.claim_task(task=open_task(item), by=city.reviewer)
    page = client_for(city.reviewer).get(url).content.decode()
    # its handler may also ask for more time (延期)
    assert forms_on(page) == {"decide", "unclaim", "transfer", "delegate", "cc", "extension"}
    assert 'value="approve"' in page and 'value="return"' in page and 'value="reject"' in page
    assert '<option value="revise">修改后重新提交</option>' in page
    assert forms_on(client_for(city.reviewer2).get(url).content.decode()) == set()


def test_claim_then_unclaim(city):
    item = submitted_item(city)
    task = open_task(item)
    reviewer = client_for(city.reviewer)
    response = reviewer.post(reverse("workflows:claim", args=[task.pk]), follow=True)
    assert "已认领“区县审核”，请办理。" in response.content.decode()
    assert open_task(item).owner == city.reviewer
    response = reviewer.post(reverse("workflows:unclaim", args=[task.pk]), follow=True)
    assert "已将“区县审核”放回待办池。" in response.content.decode()
    assert open_task(item).owner is None


def test_approve_with_comment_and_a_file(city):
    item = submitted_item(city)
    task = open_task(item)
    reviewer = client_for(city.reviewer)
    response = reviewer.post(
        decide_url(task), {"outcome": "approve", "comment": "材料齐全。", "attachments": [upload("审核意见.pdf")]}
    )
    assert response.status_code == 302
    item = reload(item)
    assert item.status == "city_review"
    decision = Decision.objects.get(task=task)
    assert decision.comment == "材料齐全。" and decision.actor == city.reviewer
    attachment = Attachment.objects.get(decision=decision)
    page = reviewer.get(item_url(item)).content.decode()
    assert "已通过“区县审核”。" in page
    assert f'href="{reverse("api:file-download", args=[attachment.pk])}">审核意见.pdf</a>' in page
    assert "材料齐全。" in page


def test_return_to_a_chosen_step_then_resubmit_shows_the_changes(city):
    item = submitted_item(city, summary="初稿")
    reviewer = client_for(city.reviewer)
    response = reviewer.post(decide_url(open_task(item)), {"outcome": "return", "to": "revise", "comment": "请补充。"},
                             follow=True)
    assert "已退回至“修改后重新提交”。" in response.content.decode()
    assert reload(item).status == "returned"

    head = client_for(city.head)
    page = head.get(item_url(item)).content.decode()
    assert forms_on(page) == {"decide", "extension"} and "重新提交" in page and "修改说明" in page
    sample_update(item=reload(item), by=city.head, summary="补充后的简介")
    response = head.post(decide_url(open_task(item)), {"comment": "已补充。", "attachments": [upload("自评报告.pdf")]},
                         follow=True)
    assert "已重新提交。" in response.content.decode()
    assert reload(item).status == "district_review"

    page = reviewer.get(item_url(item)).content.decode()
    changes = page[page.index("本次重新提交的修改"):page.index("申报内容")]
    assert "初稿" in changes and "补充后的简介" in changes
    timeline = page[page.index("时间线"):]
    assert re.findall(r"<strong>(.+?)</strong>", timeline) == ["创建", "提交", "退回", "修改", "重新提交"]
    assert "区县审核 → 修改后重新提交" in timeline and "请补充。" in timeline and "已补充。" in timeline
    assert "自评报告.pdf" in timeline


def test_reject_needs_a_comment_and_writes_nothing_without_one(city):
    item = submitted_item(city)
    task = open_task(item)
    reviewer = client_for(city.reviewer)
    events = AuditEvent.objects.count()
    response = reviewer.post(decide_url(task), {"outcome": "reject", "comment": "  "})
    assert response.status_code == 400
    assert "退回和驳回必须填写审批意见。" in response.content.decode()
    assert reload(item).status == "district_review" and AuditEvent.objects.count() == events
    assert not Decision.objects.exists()

    response = reviewer.post(decide_url(task), {"outcome": "reject", "comment": "不符合条件。", "confirmed": "1"})
    assert response.status_code == 302 and reload(item).status == "rejected"


def test_bad_input_on_a_decision_is_a_form_error_and_writes_nothing(city):
    item = submitted_item(city)
    task = open_task(item)
    reviewer = client_for(city.reviewer)
    cases = [
        ({"outcome": "approve", "attachments": [upload("伪装.pdf", content=EXE)]}, "内容与扩展名“.pdf”不符"),
        ({"outcome": "return", "to": "city_review", "comment": "x"}, "选择一个有效的选项"),
        ({"outcome": "fly"}, "请选择通过、退回或驳回。"),
        ({}, "请选择通过、退回或驳回。"),
    ]
    for data, message in cases:
        response = reviewer.post(decide_url(task), data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not Decision.objects.exists() and not Attachment.objects.exists()
    assert Task.objects.get(pk=task.pk).owner is None  # not even claimed


def test_withdraw_before_a_decision(city):
    item = submitted_item(city)
    response = client_for(city.head).post(reverse("workflows:withdraw", args=[item.pk]), {"comment": "材料有误", "confirmed": "1"},
                                          follow=True)
    assert "已撤回。" in response.content.decode()
    assert reload(item).status == "withdrawn"


def test_a_second_act_on_a_closed_task_is_a_clear_conflict(city):
    item = submitted_item(city)
    task = open_task(item)
    services.approve_task(task=task, by=city.reviewer2)
    response = client_for(city.reviewer).post(decide_url(task), {"outcome": "approve"})
    assert response.status_code == 409
    assert "此待办已办理或已撤销。" in response.content.decode()
    response = client_for(city.head).post(reverse("workflows:withdraw", args=[item.pk]))
    assert response.status_code == 409 and "审批人已作出决定，不能撤回。" in response.content.decode()


def test_visible_but_not_yours_is_a_403_page_out_of_scope_is_404(city):
    item = submitted_item(city)
    task = open_task(item)
    response = client_for(city.district_head).post(decide_url(task), {"outcome": "approve"})
    assert response.status_code == 403 and "您不是此步骤的办理人。" in response.content.decode()
    response = client_for(city.head).post(decide_url(task), {"outcome": "approve"})
    assert response.status_code == 403 and "不能审批自己提交的事项。" in response.content.decode()
    for user in (city.reviewer_b, city.head_b, city.teacher):
        client = client_for(user)
        assert client.get(item_url(item)).status_code == 404
        assert client.post(decide_url(task), {"outcome": "approve"}).status_code == 404
        assert client.post(reverse("workflows:claim", args=[task.pk])).status_code == 404
        assert client.post(reverse("workflows:withdraw", args=[item.pk])).status_code == 404
    assert reload(item).status == "district_review" and open_task(item).owner is None
    assert client_for(city.reviewer).get(reverse("workflows:item", args=[999999])).status_code == 404
    assert client_for(city.reviewer).post(reverse("workflows:claim", args=[999999])).status_code == 404
    assert client_for(city.reviewer).get(reverse("workflows:claim", args=[task.pk])).status_code == 405


def test_timeline_says_acting_for_moved_deadlines_and_list_places(city):
    from core.audit.services import record_event

    item = submitted_item(city)
    record_event(action="approve", target=item, actor=city.reviewer2, acting_for=city.reviewer,
                 organisation=city.district_a, comment="代为审核。",
                 data={"step": "district_review", "list": 1, "rank": 2})
    record_event(action="deadline_moved", target=item, actor=city.city, organisation=city.department,
                 comment="学校放假，延期。",
                 data={"step": "district_review", "from": "2021-09-30T17:30:00+08:00", "to": "2021-10-08T17:30:00+08:00"})
    page = client_for(city.reviewer).get(item_url(item)).content.decode()
    timeline = page[page.index("时间线"):]
    assert "reviewer2（代reviewer）" in timeline and "代为审核。" in timeline and "随名单办理，排第2名" in timeline
    assert "调整办理期限" in timeline and "期限：2021-09-30 17:30 → 2021-10-08 17:30" in timeline
