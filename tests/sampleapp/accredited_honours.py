"""The sample flow that chains every stage an accreditation needs (issue 12's whole path): the
district reviews, a panel drawn from the department's pool scores against the department's
rubric (tests.sampleapp.scoring.rubric_of), the department head decides a list within the
campaign's quota (its 决定 issued with a 文号), a 公示 runs where an upheld objection sends the
school back to the decision and frees its seat, and the approval begins the item's tenure and its
certificate (the kind's TermsPolicy, data). A renewal passes over the district's review when its
terms say so. It runs the 公示 kind (SampleHonour), whose details carry the campaign: its items are
made and submitted with honours.honour_create / honour_submit(flow_class=AccreditedHonourFlow)."""

from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp.notice_models import SampleHonour, SampleHonourDetails
from tests.sampleapp.scoring import rubric_of
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.flows import BaseFlow
from workflows.engine.lists.models import QuotaScope
from workflows.engine.lists.step import ListStep
from workflows.engine.nodes import Finish, Resubmit, Step, Submit
from workflows.engine.notices.step import NoticeStep
from workflows.engine.scoring.step import ScoringStep
from workflows.engine.tenure.granting import begin_tenure

S = SampleHonour.Status
CAMPAIGN = "sample_honour__campaign"


def grant(item):
    """The approval's hook: the tenure (and certificate) under the campaign's programme's terms."""
    details = SampleHonourDetails.objects.select_related("campaign__programme").get(item=item)
    begin_tenure(item, programme=details.campaign.programme)


class AccreditedHonourFlow(BaseFlow):
    """示例认定（全流程）

    学校提交 → 区县审核 → 专家评分 → 市局决定名单 → 公示 → 认定（有效期与证书）；
    公示期间异议成立的，退回市局决定并释放名额；续期可免区县审核。"""

    item_model = SampleHonour
    skippable = ("district_review",)

    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), title=_("学校提交")).Next(this.district_review)
    district_review = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, title=_("区县审核"))
        .Approve(this.expert_review).ReturnTo(this.revise).Reject(this.rejected)
    )
    expert_review = (
        ScoringStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.EXPERT_REVIEW, title=_("专家评分"),
                    rubric=rubric_of, limit=WorkingDays(10))
        .Approve(this.city_decision).Reject(this.rejected)
    )
    city_decision = (
        ListStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.CITY_DECISION, title=_("市局决定"),
                 quota=QuotaScope.TOTAL, campaign_field=CAMPAIGN)
        .Approve(this.notice).Reject(this.rejected)
    )
    notice = (
        NoticeStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.NOTICE, title=_("公示"),
                   back_to=this.city_decision, result=_("拟认定"), campaign_field=CAMPAIGN)
        .Approve(this.approved)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"))
    approved = Finish(status=S.APPROVED, title=_("认定"), then=grant)
    rejected = Finish(status=S.REJECTED, title=_("驳回"))

    @staticmethod
    def copy_for_renewal(old, new):
        """A renewal applies in the campaign of the item it renews."""
        SampleHonourDetails.objects.create(item=new, campaign=SampleHonourDetails.objects.get(item=old).campaign)
