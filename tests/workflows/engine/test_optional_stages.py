"""Conditional stages (workflows.engine.branches): the programme's own field, read when the item
reaches the branch, adds the on-site visit or skips it; flipping it between two items changes
the second only; the chart draws the branch with its condition; the timeline says why."""

import re

import pytest
from viewflow.workflow.chart import calc_layout_data, grid_to_svg

from core.audit.models import AuditEvent
from tests.sampleapp.visit_models import SampleProgramme, SampleVisit
from tests.sampleapp.visits import VisitFlow, visit_create, visit_submit
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.meetings.helpers import hold_meeting
from tests.workflows.web.conftest import client_for, item_url
from workflows.engine import services
from workflows.engine.checks import flow_errors
from workflows.engine.transitions import flow_changes

pytestmark = pytest.mark.django_db
S = SampleVisit.Status


def reviewed(city, programme, title="认定申报"):
    """An item of `programme`, submitted and passed by its district: at the branch's far side."""
    item = visit_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                        title=title, programme=programme)
    visit_submit(item=item, by=city.head)
    services.approve_task(task=open_task(item), by=city.reviewer)
    return reload(item)


def test_a_programme_with_the_visit_on_adds_the_stage_and_the_timeline_says_so(city):
    item = reviewed(city, SampleProgramme.objects.create(name="示范校", onsite_visit=True))
    assert item.status == S.ONSITE_VISIT and open_task(item).flow_task is VisitFlow.onsite_visit
    event = AuditEvent.objects.get(action="stage_included")
    assert event.data == {"step": "onsite_visit", "branch": "visit_switch", "reason": "项目含实地考察"}
    approve = AuditEvent.objects.get(action="approve")
    assert (approve.from_status, approve.to_status, approve.data["to"]) == (S.DISTRICT_REVIEW, S.ONSITE_VISIT,
                                                                            "onsite_visit")
    hold_meeting(item, city.city, [(city.head, "item")])  # the visit is a meeting step: its 通过 waits for it
    services.approve_task(task=open_task(item), by=city.city)
    assert reload(item).status == S.CITY_REVIEW
    services.approve_task(task=open_task(item), by=city.city)
    assert reload(item).status == S.APPROVED


def test_a_programme_with_the_visit_off_skips_it_and_the_timeline_says_why(city):
    item = reviewed(city, SampleProgramme.objects.create(name="普通校", onsite_visit=False))
    assert item.status == S.CITY_REVIEW and open_task(item).flow_task is VisitFlow.city_review
    assert AuditEvent.objects.get(action="stage_skipped").data["step"] == "onsite_visit"
    assert not AuditEvent.objects.filter(action="stage_included").exists()
    page = client_for(city.head).get(item_url(item)).content.decode()
    timeline = page[page.index("时间线"):]
    assert "跳过可选环节" in timeline and "实地考察" in timeline
    assert "条件“项目含实地考察”不成立，跳过此环节" in timeline


def test_switching_the_programme_between_two_items_changes_only_the_later_one(city):
    programme = SampleProgramme.objects.create(name="示范校", onsite_visit=True)
    first = reviewed(city, programme, title="第一份")
    programme.onsite_visit = False  # the department switches the stage off: data, no release
    programme.save()
    second = reviewed(city, programme, title="第二份")
    assert (reload(first).status, second.status) == (S.ONSITE_VISIT, S.CITY_REVIEW)
    programme.onsite_visit = True
    programme.save()
    assert reviewed(city, programme, title="第三份").status == S.ONSITE_VISIT


def test_a_resubmission_goes_back_to_the_returner_without_passing_the_branch_again(city):
    programme = SampleProgramme.objects.create(name="普通校", onsite_visit=False)
    item = reviewed(city, programme)
    services.return_task(task=open_task(item), by=city.city, to="revise", comment="补充材料")
    programme.onsite_visit = True
    programme.save()
    services.resubmit_item(task=open_task(item), by=city.head)
    assert reload(item).status == S.CITY_REVIEW
    assert AuditEvent.objects.filter(action__startswith="stage_").count() == 1


def test_both_ways_of_the_branch_are_status_changes_and_the_flow_passes_the_checks():
    changes = flow_changes(VisitFlow)
    assert (S.DISTRICT_REVIEW, S.ONSITE_VISIT) in changes and (S.DISTRICT_REVIEW, S.CITY_REVIEW) in changes
    assert flow_errors(VisitFlow) == []


def test_the_chart_draws_the_branch_with_its_condition_in_chinese():
    svg = grid_to_svg(calc_layout_data(VisitFlow))
    assert 'id="visit_switch"' in svg and "gateway" in svg
    labels = re.findall(r'class="edge-label"[^>]*>([^<]+)<', svg)
    assert "是" in labels and "否，跳过" in labels
    assert "实地考察" in svg
    from workflows.web.chart import flow_chart

    assert "项目含实地考察" in flow_chart(VisitFlow)  # the condition, written under the diamond


def test_a_decided_step_or_a_submission_may_lead_to_a_branch_but_not_a_dispatched_start():
    from django.utils.translation import gettext_lazy as _
    from viewflow import this

    from core.orgs.roles import Role
    from workflows.engine.assignment import ITEM_ORG, RoleAt
    from workflows.engine.branches.step import Optional
    from workflows.engine.fanout.step import Dispatched
    from workflows.engine.flows import BaseFlow
    from workflows.engine.nodes import Finish, Step, Submit

    class StartsOnABranch(BaseFlow):  # submit_item records where the submission landed
        item_model = SampleVisit
        start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG)).Next(this.switch)
        switch = Optional(when="sample_visit__programme__onsite_visit", title=_("项目含实地考察"),
                          stage=this.review, otherwise=this.done)
        review = Step(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), status="city_review").Approve(this.done)
        done = Finish(status="approved")

    class DispatchedOnABranch(BaseFlow):  # a fan-out's parent starts its children: nobody records it
        item_model = SampleVisit
        start = Dispatched().Next(this.switch)
        switch = Optional(when="sample_visit__programme__onsite_visit", title=_("项目含实地考察"),
                          stage=this.review, otherwise=this.done)
        review = Step(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), status="city_review").Approve(this.done)
        done = Finish(status="approved")

    assert flow_errors(StartsOnABranch) == []
    assert flow_errors(DispatchedOnABranch) == [
        "DispatchedOnABranch.start: only a Step's decision may lead to the branch switch"]
