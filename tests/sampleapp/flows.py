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
from workflows.engine.nodes import Finish, Resubmit, Step, Submit

S = SampleApplication.Status


class ApplicationFlow(BaseFlow):
    """示例申报

    学校提交 → 区县审核（5个工作日）→ 市局处室审核（10个工作日）→ 办结；
    退回修改须在10个工作日内重新提交，逾期即告失效。"""

    item_model = SampleApplication

    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), RoleAt(Role.APPLICANT, ITEM_ORG), title=_("学校提交")).Next(
        this.district_review
    )
    district_review = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, title=_("区县审核"),
             limit=WorkingDays(5))
        .Approve(this.city_review)
        .ReturnTo(this.revise)
        .Reject(this.rejected)
    )
    city_review = (
        Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.CITY_REVIEW, title=_("市局审核"),
             limit=WorkingDays(10))
        .Approve(this.approved)
        .ReturnTo(this.district_review, this.revise)
        .Reject(this.rejected)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"), limit=WorkingDays(10)).OnTimeout(
        this.lapsed, title=_("逾期")
    )
    approved = Finish(status=S.APPROVED, title=_("通过"))
    rejected = Finish(status=S.REJECTED, title=_("驳回"))
    lapsed = Finish(status=S.LAPSED, title=_("逾期未重新提交"))
