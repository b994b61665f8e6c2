"""The sample application with list acts (workflows.engine.lists.step.act_on_list): after the district
review, passed applications wait for the district head, who signs one ranked recommendation list
(区县推荐名单) within the district's quota in the campaign; the city reviews each, and the
department head confirms the decision list (决定名单) within the campaign's total quota."""

from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp.models import SampleApplication
from workflows.engine.assignment import (
    ITEM_DISTRICT,
    ITEM_ORG,
    OWNING_DEPARTMENT,
    RoleAt,
)
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.flows import BaseFlow
from workflows.engine.lists.models import QuotaScope
from workflows.engine.lists.step import ListStep, act_on_list
from workflows.engine.nodes import Finish, Resubmit, Step, Submit

S = SampleApplication.Status


class RecommendationFlow(BaseFlow):
    """示例申报（区县推荐）

    学校提交 → 区县审核 → 区县推荐名单 → 市局处室审核 → 市局决定名单 → 办结；
    退回修改须在10个工作日内重新提交，逾期即告失效。"""

    item_model = SampleApplication

    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), RoleAt(Role.APPLICANT, ITEM_ORG), title=_("学校提交")).Next(
        this.district_review
    )
    district_review = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, title=_("区县审核"))
        .Approve(this.district_recommend)
        .ReturnTo(this.revise)
        .Reject(this.rejected)
    )
    district_recommend = (
        ListStep(RoleAt(Role.DISTRICT_HEAD, ITEM_DISTRICT), status=S.DISTRICT_RECOMMEND, title=_("区县推荐"),
                 quota=QuotaScope.DISTRICT, campaign_field="sample_details__campaign", limit=WorkingDays(5))
        .Approve(this.city_review)
        .ReturnTo(this.district_review)
        .Reject(this.rejected)
    )
    city_review = (
        Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.CITY_REVIEW, title=_("市局审核"))
        .Approve(this.city_decision)
        .ReturnTo(this.district_review, this.revise)
        .Reject(this.rejected)
    )
    city_decision = (
        ListStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.CITY_DECISION, title=_("市局决定"),
                 quota=QuotaScope.TOTAL, campaign_field="sample_details__campaign")
        .Approve(this.approved)
        .ReturnTo(this.city_review)
        .Reject(this.rejected)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"), limit=WorkingDays(10)).OnTimeout(
        this.lapsed, title=_("逾期")
    )
    approved = Finish(status=S.APPROVED, title=_("通过"))
    rejected = Finish(status=S.REJECTED, title=_("驳回"))
    lapsed = Finish(status=S.LAPSED, title=_("逾期未重新提交"))


def sample_recommend(*, items, by, comment: str = ""):
    """The district head's recommendation list: `items` in rank order."""
    return act_on_list(step=RecommendationFlow.district_recommend, items=items, by=by, comment=comment)


def sample_decide(*, items, by, comment: str = ""):
    """The department head's decision list: `items` in rank order."""
    return act_on_list(step=RecommendationFlow.city_decision, items=items, by=by, comment=comment)
