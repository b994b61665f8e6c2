"""The sample flow with an optional stage: the district reviews, then the programme's own field
says whether an on-site visit (实地考察) comes before the city's review. Flipping the field changes
the next item that reaches the branch (workflows.engine.branches). The visit is a meeting step
(workflows.engine.meetings): the department schedules it, the participants are reminded, and its
通过 waits for the attendance and the minutes."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp.visit_models import SampleVisit, SampleVisitDetails
from workflows.engine import services as engine
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.branches.step import Optional
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.flows import BaseFlow
from workflows.engine.meetings.step import MeetingStep
from workflows.engine.nodes import Finish, Resubmit, Step, Submit

S = SampleVisit.Status


class VisitFlow(BaseFlow):
    """示例认定（可选实地考察）

    学校提交 → 区县审核 →（项目含实地考察的）实地考察 → 市局审核 → 通过。"""

    item_model = SampleVisit

    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), title=_("学校提交")).Next(this.district_review)
    district_review = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, title=_("区县审核"))
        .Approve(this.visit_switch)
        .ReturnTo(this.revise)
        .Reject(this.rejected)
    )
    visit_switch = Optional(when="sample_visit__programme__onsite_visit", title=_("项目含实地考察"),
                            stage=this.onsite_visit, otherwise=this.city_review)
    onsite_visit = (
        MeetingStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.ONSITE_VISIT, title=_("实地考察"),
                    meeting=_("实地考察会"), remind_before=(3, 1), limit=WorkingDays(20))
        .Approve(this.city_review)
        .Reject(this.rejected)
    )
    city_review = (
        Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.CITY_REVIEW, title=_("市局审核"))
        .Approve(this.approved)
        .ReturnTo(this.revise)
        .Reject(this.rejected)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"))
    approved = Finish(status=S.APPROVED, title=_("通过"))
    rejected = Finish(status=S.REJECTED, title=_("驳回"))


@transaction.atomic
def visit_create(*, organisation, owner_department, by, title: str, programme):
    item = engine.create_item(flow_class=VisitFlow, organisation=organisation, owner_department=owner_department,
                              by=by, title=title)
    SampleVisitDetails.objects.create(item=item, programme=programme)
    return item


def visit_submit(*, item, by):
    return engine.submit_item(item=item, by=by, flow_class=VisitFlow)
