"""Issue 14's bad input, each refused with a clear Chinese error and nothing written: a school the
programme does not admit (its type, its 公办/民办), a second live application in one campaign (also
by reopening a withdrawn one), a submission after the close (its dates said), a self-assessment
outside the rubric, a recommendation list with an item not passed by the district, a decision over
the total quota, and approval while a 公示 objection is open."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.audit.models import AuditEvent
from core.calendar import install_test_calendar
from core.orgs.models import Ownership, SchoolType
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.accreditation.helpers import (
    DECISION_STEP,
    NOTICE_STEP,
    S,
    at,
    at_decision,
    build_acc_city,
    draft,
    ok,
    submitted,
)
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, reload
from workflows import tasks
from workflows.accreditation.models import AccreditationDetails
from workflows.accreditation.services import (
    accreditation_create,
    accreditation_decide,
    accreditation_recommend,
    accreditation_submit,
    accreditation_update,
    approval_document,
)
from workflows.engine import services
from workflows.engine.exceptions import InvalidState, NotAllowed
from workflows.engine.lists.models import ListAct
from workflows.engine.models import Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def acc(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021])
    return build_acc_city(quotas=(3, 2))


def written():
    """What a refused act must not have added to."""
    return Item.objects.count(), AccreditationDetails.objects.count(), AuditEvent.objects.count(), ListAct.objects.count()


def start(acc, school, head, **fields):
    return accreditation_create(organisation=school, owner_department=acc.department, by=head, title="认定申报",
                                campaign=acc.campaign, **fields)


def test_a_school_of_another_type_or_ownership_is_refused_with_what_the_programme_admits(acc):
    kindergarten = OrganisationFactory.school(parent=acc.district_a, name="和平一幼", code="2101029901",
                                              school_type=SchoolType.KINDERGARTEN)
    principal = person("yz", Role.SCHOOL_HEAD, kindergarten)
    acc.programme.ownerships = [Ownership.PUBLIC]
    acc.programme.save(update_fields=["ownerships"])
    private = OrganisationFactory.school(parent=acc.district_a, name="和平民办小学", code="2101029902",
                                         ownership=Ownership.PRIVATE)
    head = person("mb", Role.SCHOOL_HEAD, private)
    before = written()
    with pytest.raises(NotAllowed, match="只面向小学、初中、九年一贯制.*和平一幼（幼儿园，公办）不在申报范围内"):
        start(acc, kindergarten, principal)
    with pytest.raises(NotAllowed, match="（公办）.*和平民办小学（小学，民办）不在申报范围内"):
        start(acc, private, head)
    # The API says the same, as 403 with the reason.
    answer = client_for(head).post("/api/v1/items/", {"kind": "accreditation", "campaign": acc.campaign.pk,
                                                      "organisation": private.pk, "title": "认定申报"}, format="json")
    assert answer.status_code == 403 and "不在申报范围内" in answer.json()["detail"]
    assert written() == before


def test_a_second_live_application_is_refused_until_the_first_is_withdrawn(acc):
    first = draft(acc, 0)
    page = Client()
    page.force_login(acc.heads[0])  # (signing in is audited: before the count)
    before = written()
    with pytest.raises(ValidationError, match=f"和平一校在本批次已有一份申报（{first.ref_no}，草稿）"):
        start(acc, acc.schools[0], acc.heads[0])
    answer = client_for(acc.heads[0]).post("/api/v1/items/", {
        "kind": "accreditation", "campaign": acc.campaign.pk, "organisation": acc.schools[0].pk, "title": "再报一份"},
        format="json")
    assert answer.status_code == 400 and "同一批次每校只能有一份有效申报" in str(answer.json())
    # The 发起申报 form says it before anything is typed.
    form = page.get(reverse("workflows:start-new", args=["accreditation", acc.campaign.pk, acc.schools[0].pk]))
    assert form.status_code == 400 and f"已有一份申报（{first.ref_no}，草稿）" in form.content.decode()
    assert written() == before
    accreditation_submit(item=first, by=acc.heads[0])
    services.withdraw_item(item=first, by=acc.heads[0], comment="材料需重新整理")
    second = start(acc, acc.schools[0], acc.heads[0])  # the withdrawn one no longer holds the place
    before = written()
    with pytest.raises(ValidationError, match="已有一份申报"):
        services.reopen_item(item=first, by=acc.heads[0])
    assert reload(first).status == S.WITHDRAWN and written() == before
    assert reload(second).status == S.DRAFT


def test_a_submission_after_the_close_says_the_dates(acc, time_machine):
    item = draft(acc, 0)
    time_machine.move_to(at(2021, 7, 2), tick=False)
    before = written()
    with pytest.raises(ValidationError, match=r"已于2021年7月1日 17:30截止申报（申报时间为2021年5月1日 10:00至2021年7月1日 17:30）"):
        accreditation_submit(item=item, by=acc.heads[0])
    assert reload(item).status == S.DRAFT and written() == before
    page = Client()
    page.force_login(acc.heads[3])  # a new one after the close: its form says why (it answered 500 before)
    form = page.get(reverse("workflows:start-new", args=["accreditation", acc.campaign.pk, acc.schools[3].pk]))
    assert form.status_code == 400 and "已于2021年7月1日 17:30截止申报" in form.content.decode()
    assert "保存草稿" not in form.content.decode()


def test_a_self_assessment_outside_the_rubric_or_incomplete_is_refused(acc):
    before = written()
    with pytest.raises(ValidationError, match="指标“校舍”的自评得分须在0至20分之间"):
        start(acc, acc.schools[0], acc.heads[0], self_assessment={"A1": {"score": "21"}})
    with pytest.raises(ValidationError, match="指标“Z9”不在本项目的评分指标中"):
        start(acc, acc.schools[0], acc.heads[0], self_assessment={"Z9": {"score": "1"}})
    with pytest.raises(ValidationError, match="必须是数字"):
        start(acc, acc.schools[0], acc.heads[0], self_assessment={"A1": {"score": "很好"}})
    assert written() == before
    item = draft(acc, 0, assessment={"A1": {"score": "18"}})
    with pytest.raises(ValidationError, match="提交前请填写以下指标的自评得分：设备、课程、学生发展"):
        accreditation_submit(item=item, by=acc.heads[0])
    with pytest.raises(ValidationError, match="须在0至40分之间"):
        accreditation_update(item=item, by=acc.heads[0], self_assessment={"B2": {"score": "41"}})
    assert reload(item).status == S.DRAFT
    assert AccreditationDetails.objects.get(item=item).self_assessment == {"A1": {"score": "18", "note": ""}}


def test_a_recommendation_with_an_item_the_district_has_not_passed_is_refused(acc):
    passed, waiting = submitted(acc, 0), submitted(acc, 1)
    services.approve_task(task=open_task(passed), by=acc.reviewer)
    before = written()
    with pytest.raises(InvalidState, match=f"不在“区县推荐”环节等待办理，不能列入名单：{waiting.ref_no}"):
        accreditation_recommend(items=[passed, waiting], by=acc.district_head)
    assert written() == before and reload(passed).status == S.DISTRICT_RECOMMEND


def test_a_decision_over_the_total_quota_is_refused(acc):
    acc.campaign.total_quota = 2
    acc.campaign.save(update_fields=["total_quota"])
    items = at_decision(acc, [0, 1, 3])
    before = written()
    with pytest.raises(ValidationError, match="名额"):
        accreditation_decide(items=items, by=acc.city_head)
    assert written() == before and {reload(i).status for i in items} == {S.CITY_DECISION}
    assert accreditation_decide(items=items[:2], by=acc.city_head).size == 2


def test_no_approval_while_an_objection_is_open(acc, time_machine):
    items = at_decision(acc, [0, 3], totals={0: (18, 18, 9, 36), 1: (19, 18, 9, 37)})
    decision = accreditation_decide(items=items, by=acc.city_head)
    assert [member.item_id for member in decision.members.order_by("rank")] == [items[1].pk, items[0].pk]  # by score
    notice = ok(client_for(acc.city_head).post("/api/v1/notices/", {
        "step": NOTICE_STEP, "items": [i.pk for i in items], "title": "拟认定名单公示"}, format="json"), 201)
    entry = next(e["id"] for e in notice["entries"] if e["item"] == items[0].pk)
    answer = Client().post(f"/public/notices/{notice['id']}/", {
        "entry": entry, "real_name": "李四", "unit": "沈阳市某单位", "phone": "13900000000",
        "facts": "该校存在违规招生问题。"}, REMOTE_ADDR="10.0.0.9")
    assert answer.status_code == 302
    refused = client_for(acc.city_head).post(f"/api/v1/tasks/{open_task(items[0]).pk}/approve/", {"comment": "通过"},
                                             format="json")
    assert refused.status_code == 409 and "尚未处理的公示异议" in refused.json()["detail"]
    time_machine.move_to(at(2021, 6, 11, 17, 31), tick=False)
    tasks.fire_timers()  # the notice ends: the objected one waits, the other is approved
    assert [reload(i).status for i in items] == [S.NOTICE, S.APPROVED]
    before = written()
    with pytest.raises(InvalidState, match=f"尚未认定：{items[0].ref_no}"):
        approval_document(list_act=decision, by=acc.city_head)
    assert written() == before
    # The generic list-document API asks the same kind rule: no way round it.
    generic = client_for(acc.city_head).post(f"/api/v1/lists/{decision.pk}/documents/", {
        "doc_type": acc.programme.doc_type.code, "title": "关于认定的决定"}, format="json")
    assert generic.status_code == 409 and f"尚未认定：{items[0].ref_no}" in generic.json()["detail"]
    assert written() == before


def test_the_decision_list_is_ranked_by_score_whatever_order_the_api_sends(acc):
    """市局决定's order is its step's (by expert-review total), not the caller's: the generic list
    API, sent the lower score first, signs the list with the higher first."""
    items = at_decision(acc, [0, 3], totals={0: (18, 18, 9, 36), 1: (19, 18, 9, 37)})
    signed = ok(client_for(acc.city_head).post("/api/v1/lists/", {
        "step": DECISION_STEP, "items": [items[0].pk, items[1].pk], "comment": "经处务会研究确定。"},
        format="json"), 201)
    assert [member["item"] for member in signed["members"]] == [items[1].pk, items[0].pk]


def test_the_decision_page_shows_the_score_order_and_asks_for_no_ranks(acc, client):
    items = at_decision(acc, [0, 3], totals={0: (18, 18, 9, 36), 1: (19, 18, 9, 37)})
    client.force_login(acc.city_head)
    page = client.get(reverse("workflows:lists")).content.decode()
    assert "名单按专家评审总分排序" in page and f'name="rank-{items[0].pk}"' not in page
    assert page.index(items[1].ref_no) < page.index(items[0].ref_no)  # the higher total first
    client.post(reverse("workflows:list-sign"), {"step": DECISION_STEP, "items": [items[0].pk, items[1].pk],
                                                 f"rank-{items[0].pk}": "1", f"rank-{items[1].pk}": "2"})
    decision = ListAct.objects.get(step="city_decision")
    assert [m.item_id for m in decision.members.order_by("rank")] == [items[1].pk, items[0].pk]
