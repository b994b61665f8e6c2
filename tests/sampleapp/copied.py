"""The sample application with a step that copies people (抄送, Step(cc=...)): the district's
head is copied for information whenever the district review opens."""

from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp.models import SampleApplication
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.flows import BaseFlow
from workflows.engine.nodes import Finish, Resubmit, Step, Submit

S = SampleApplication.Status


class CopiedFlow(BaseFlow):
    """示例申报（抄送区县负责人）

    学校提交 → 区县审核（抄送区县负责人）→ 市局处室审核 → 办结。"""

    item_model = SampleApplication

    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), title=_("学校提交")).Next(this.district_review)
    district_review = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, title=_("区县审核"),
             cc=RoleAt(Role.DISTRICT_HEAD, ITEM_DISTRICT))
        .Approve(this.city_review)
        .ReturnTo(this.revise)
        .Reject(this.rejected)
    )
    city_review = (
        Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.CITY_REVIEW, title=_("市局审核"))
        .Approve(this.approved)
        .Reject(this.rejected)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"))
    approved = Finish(status=S.APPROVED, title=_("通过"))
    rejected = Finish(status=S.REJECTED, title=_("驳回"))
