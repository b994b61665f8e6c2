"""The sample flow with 公示 (workflows.engine.notices.step.NoticeStep): the district reviews, the
department head decides a list within the campaign's quota, then the department publishes a
notice of the decided schools; an upheld objection sends a school back to the decision (and frees
its seat), the notice's end approves the rest."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp.notice_models import SampleHonour, SampleHonourDetails
from workflows.engine import services as engine
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.flows import BaseFlow
from workflows.engine.lists.models import QuotaScope
from workflows.engine.lists.step import ListStep, act_on_list
from workflows.engine.nodes import Finish, Resubmit, Step, Submit
from workflows.engine.notices.step import NoticeStep

S = SampleHonour.Status
CAMPAIGN = "sample_honour__campaign"


class HonourFlow(BaseFlow):
    """示例评选（公示）

    学校提交 → 区县审核 → 市局决定名单 → 公示（5个工作日）→ 通过；
    公示期间异议成立的，退回市局决定并释放名额。"""

    item_model = SampleHonour

    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), title=_("学校提交")).Next(this.district_review)
    district_review = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, title=_("区县审核"))
        .Approve(this.city_decision)
        .ReturnTo(this.revise)
        .Reject(this.rejected)
    )
    city_decision = (
        ListStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.CITY_DECISION, title=_("市局决定"),
                 quota=QuotaScope.TOTAL, campaign_field=CAMPAIGN)
        .Approve(this.notice)
        .Reject(this.rejected)
    )
    notice = (
        NoticeStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.NOTICE, title=_("公示"),
                   back_to=this.city_decision, result=_("拟认定"), campaign_field=CAMPAIGN)
        .Approve(this.approved)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"))
    approved = Finish(status=S.APPROVED, title=_("通过"))
    rejected = Finish(status=S.REJECTED, title=_("驳回"))


@transaction.atomic
def honour_create(*, organisation, owner_department, by, title: str, campaign, flow_class=None):
    """A draft of the 公示 kind in `campaign`, in HonourFlow or another flow of the kind."""
    item = engine.create_item(flow_class=flow_class or HonourFlow, organisation=organisation, owner_department=owner_department,
                              by=by, title=title)
    SampleHonourDetails.objects.create(item=item, campaign=campaign)
    return item


def honour_submit(*, item, by, flow_class=None):
    return engine.submit_item(item=item, by=by, flow_class=flow_class or HonourFlow)


def honour_decide(*, items, by, comment: str = ""):
    """The department head's decision list: `items` in rank order."""
    return act_on_list(step=HonourFlow.city_decision, items=items, by=by, comment=comment)


def honour_decision_document(*, list_act, by, doc_type: str = "decision"):
    """The decision list's 发文 (决定): the list's schools in its order, with a 文号 of `doc_type`."""
    from workflows.engine.documents.lists import issue_list_document

    campaign = list_act.campaign
    return issue_list_document(
        list_act=list_act, doc_type=doc_type, by=by,
        title=_("关于%(campaign)s%(programme)s评选结果的决定") % {
            "campaign": campaign.name, "programme": campaign.programme.name},
        opening=_("经学校申报、区县审核和市局研究，决定以下学校入选%(programme)s：") % {
            "programme": campaign.programme.name},
        closing=_("请入选学校珍惜荣誉，发挥示范作用。"))
