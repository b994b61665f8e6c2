"""The sample flow with a life after approval (workflows.engine.tenure): the district and the city
review, and the approval begins the item's tenure (its terms are data: TermsPolicy for the kind).
A renewal passes over the district's review when its terms say so: the flow lets that step be
skipped (`skippable`)."""

from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp.models import SampleApplication, SampleDetails
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.flows import BaseFlow
from workflows.engine.nodes import Finish, Resubmit, Step, Submit
from workflows.engine.tenure.granting import begin_tenure

S = SampleApplication.Status


def grant(item):
    """The kind's hook: the programme is the campaign's, when the item has one."""
    details = SampleDetails.objects.filter(item=item).select_related("campaign__programme").first()
    campaign = details.campaign if details else None
    begin_tenure(item, programme=campaign.programme if campaign else None)


class AccreditationFlow(BaseFlow):
    """示例认定（有效期）

    学校提交 → 区县审核 → 市局审核 → 认定（有效期按规则）；续期可免区县审核。"""

    item_model = SampleApplication
    skippable = ("district_review",)

    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), RoleAt(Role.APPLICANT, ITEM_ORG), title=_("学校提交")).Next(
        this.district_review
    )
    district_review = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, title=_("区县审核"))
        .Approve(this.city_review)
        .ReturnTo(this.revise)
        .Reject(this.rejected)
    )
    city_review = (
        Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.CITY_REVIEW, title=_("市局审核"))
        .Approve(this.approved)
        .ReturnTo(this.district_review, this.revise)
        .Reject(this.rejected)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"))
    approved = Finish(status=S.APPROVED, title=_("认定"), then=grant)
    rejected = Finish(status=S.REJECTED, title=_("驳回"))

    @staticmethod
    def copy_for_renewal(old, new):
        details = SampleDetails.objects.filter(item=old).first()
        SampleDetails.objects.create(item=new, summary=details.summary if details else "",
                                     pupils=details.pupils if details else 0,
                                     campaign=details.campaign if details else None)
