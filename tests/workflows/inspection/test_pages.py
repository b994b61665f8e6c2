"""The inspection pages in Chinese: a plan refused with its reason and nothing written, the plan
page's rows, sort, filter and Excel export against the cases (in a fixed number of queries), a
self-assessment filed through its page, and the attacks: another district, anonymous, a district
on the 督导室's acts."""

import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.audit.models import AuditEvent
from tests.workflows.inspection.helpers import dispatched, local
from workflows.engine.models import Item
from workflows.inspection.case_models import InspectionCase, SelfScore, TeamMember

pytestmark = pytest.mark.django_db

DISPATCHED = local(2021, 3, 1, 9, 0)


def cases_of(plan):
    return list(InspectionCase.objects.filter(inspection_case__plan=plan).order_by("pk"))


def test_a_plan_without_targets_is_refused_on_its_page_and_nothing_is_written(client, city):
    client.force_login(city.planner)
    before = (Item.objects.count(), AuditEvent.objects.count())
    response = client.post("/work/inspection/plans/new/", {
        "title": "2021年幼儿园办园行为专项督导", "kind": "kindergarten_conduct", "rubric": city.rubric.pk,
        "scope": "districts", "timeout_action": "escalate"})
    assert response.status_code == 400
    assert "请至少选择一个督导对象。" in response.content.decode()
    assert (Item.objects.count(), AuditEvent.objects.count()) == before


def test_a_plan_is_created_on_its_page_with_its_targets_and_deadlines(client, city):
    client.force_login(city.planner)
    with time_machine.travel(DISPATCHED, tick=False):
        response = client.post("/work/inspection/plans/new/", {
            "title": "2021年区县政府履行教育职责情况专项督导", "kind": "government_duties", "rubric": city.rubric.pk,
            "scope": "districts", "districts": [d.pk for d in city.districts[:3]], "timeout_action": "mark_missing",
            "self_assessment_date": "2021-03-19", "visit_days": "20"})
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
    plan = Item.objects.get(kind="inspection_plan")
    assert "记为未提交，进入下一环节" in page and "下发督导计划" in page
    assert [t.organisation for t in plan.inspection_targets.order_by("position")] == city.districts[:3]


def test_the_plan_page_lists_every_target_sorted_filtered_and_exported(client, city):
    with time_machine.travel(DISPATCHED, tick=False):
        plan = dispatched(city)
    cases = cases_of(plan)
    client.force_login(city.planner)
    with time_machine.travel(local(2021, 3, 25, 10, 0), tick=False):
        with CaptureQueriesContext(connection) as thirteen:
            page = client.get(f"/work/inspection/plans/{plan.pk}/?sort=target").content.decode()
        assert page.count('class="late"') == 13
        assert "共13个督导对象" in page and "逾期13个" in page
        for case in cases:
            assert case.ref_no in page
        filtered = client.get(f"/work/inspection/plans/{plan.pk}/?stage=visit").content.decode()
        assert "没有符合条件的督导对象。" in filtered
        export = client.get(f"/work/inspection/plans/{plan.pk}/?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("编号", "督导对象", "当前环节", "办理期限", "逾期天数", "督办次数", "自评")
    assert [row[1] for row in rows[1:]] == [d.name for d in sorted(city.districts, key=lambda d: d.path)]
    assert {row[2] for row in rows[1:]} == {"自评"} and {row[3] for row in rows[1:]} == {"2021-03-22 17:30"}
    assert {row[4] for row in rows[1:]} == {3}
    # A smaller plan costs the same number of queries: no query per row.
    with time_machine.travel(DISPATCHED, tick=False):
        small = dispatched(city, targets=city.districts[:2], title="2021年减负专项督导", kind="burden_reduction")
    with CaptureQueriesContext(connection) as two:
        client.get(f"/work/inspection/plans/{small.pk}/")
    assert len(two) == len(thirteen)


def test_a_district_files_its_self_assessment_on_its_page(client, city):
    with time_machine.travel(DISPATCHED, tick=False):
        plan = dispatched(city, targets=city.districts[:2])
    case = cases_of(plan)[0]
    staff = city.staff[case.organisation_id]
    client.force_login(staff)
    item_page = client.get(f"/work/items/{case.pk}/").content.decode()
    assert f"/work/inspection/cases/{case.pk}/self-assessment/" in item_page
    url = f"/work/inspection/cases/{case.pk}/self-assessment/"
    refused = client.post(url, {"score_A1": "11", "score_A2": "8", "score_A3": "7"})
    assert refused.status_code == 400 and "确保该值小于或等于10" in refused.content.decode()
    assert not SelfScore.objects.exists()
    with time_machine.travel(local(2021, 3, 3, 10, 0), tick=False):
        done = client.post(url, {"score_A1": "9", "evidence_A1": "决算表", "score_A2": "8", "score_A3": "7",
                                 "comment": "自评报告"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == InspectionCase.Status.VISIT
    assert dict(SelfScore.objects.values_list("indicator__code", "score")) == {"A1": 9, "A2": 8, "A3": 7}


def test_strangers_get_404_and_a_district_cannot_form_its_own_team(client, city):
    with time_machine.travel(DISPATCHED, tick=False):
        plan = dispatched(city, targets=city.districts[:2])
    case, other = cases_of(plan)
    url = f"/work/inspection/cases/{case.pk}/self-assessment/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(city.staff[other.organisation_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"score_A1": "9", "score_A2": "8", "score_A3": "7"}).status_code == 404
    assert client.get(f"/work/inspection/plans/{plan.pk}/").status_code == 404
    client.force_login(city.staff[case.organisation_id])
    response = client.post(f"/work/inspection/cases/{case.pk}/team/", {
        "members": [u.pk for u in city.inspectors[2:5]], "leader": city.inspectors[2].pk})
    assert response.status_code in (400, 403)
    assert not TeamMember.objects.exists() and not SelfScore.objects.exists()
