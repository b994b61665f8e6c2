"""The studio's flow (DOMAIN.md 2): the host applies, the school endorses (the district instead
for a 校长工作坊: the programme's StudioRules.district_endorses, data), the district recommends
within its quota, the department reviews, experts score on the programme's rubric, the
shortlisted defend (答辩), the department decides within the total, 公示, and certification
begins a three-year term with its certificate (the kind's TermsPolicy). A renewal passes over the
stages its terms list (`renewal_skips`)."""

from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.branches.step import Optional
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.flows import BaseFlow
from workflows.engine.lists.models import QuotaScope
from workflows.engine.lists.step import ListStep
from workflows.engine.meetings.step import MeetingStep
from workflows.engine.nodes import Finish, Resubmit, Step, Submit
from workflows.engine.notices.step import NoticeStep
from workflows.engine.scoring.step import ScoringStep
from workflows.studio import ends
from workflows.studio.models import Studio, StudioDetails

S = Studio.Status
CAMPAIGN = "studio_details__campaign"
DISTRICT_ENDORSES = "studio_details__campaign__programme__studio_rules__district_endorses"


def rubric_of(item):
    """The programme's rubric: which one is the department's data."""
    return StudioDetails.objects.select_related("campaign__programme__rubric").get(item=item).campaign.programme.rubric


class StudioFlow(BaseFlow):
    """名优教师工作室认定

    主持人申报 → 学校推荐（校长工作坊由区县推荐审核）→ 区县推荐名单 → 市局处室审核 → 专家评审 → 答辩 →
    市局决定名单 → 公示 → 认定（三年有效期与证书）；续期可免部分环节。"""

    item_model = Studio
    skippable = ("district_recommend", "city_review", "defence")

    start = Submit(RoleAt(Role.APPLICANT, ITEM_ORG), RoleAt(Role.SCHOOL_HEAD, ITEM_ORG),
                   title=_("主持人申报")).Next(this.endorser)
    endorser = Optional(when=DISTRICT_ENDORSES, title=_("校长工作坊由区县推荐审核"), stage=this.district_endorse,
                        otherwise=this.school_endorse)
    school_endorse = (
        Step(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), status=S.SCHOOL_ENDORSE, title=_("学校推荐"), limit=WorkingDays(5))
        .Approve(this.district_recommend).ReturnTo(this.revise).Reject(this.rejected)
    )
    district_endorse = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_ENDORSE, title=_("区县推荐审核"),
             limit=WorkingDays(5))
        .Approve(this.district_recommend).ReturnTo(this.revise).Reject(this.rejected)
    )
    district_recommend = (
        ListStep(RoleAt(Role.DISTRICT_HEAD, ITEM_DISTRICT), status=S.DISTRICT_RECOMMEND, title=_("区县推荐"),
                 quota=QuotaScope.DISTRICT, campaign_field=CAMPAIGN, limit=WorkingDays(10))
        .Approve(this.city_review).Reject(this.rejected)
    )
    city_review = (
        Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.CITY_REVIEW, title=_("市局处室审核"),
             limit=WorkingDays(10))
        .Approve(this.expert_review).ReturnTo(this.revise).Reject(this.rejected)
    )
    expert_review = (
        ScoringStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.EXPERT_REVIEW, title=_("专家评审"),
                    rubric=rubric_of, limit=WorkingDays(15))
        .Approve(this.defence).Reject(this.rejected)
    )
    defence = (
        MeetingStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.DEFENCE, title=_("答辩"),
                    meeting=_("答辩会"), remind_before=(3, 1), limit=WorkingDays(20))
        .Approve(this.city_decision).Reject(this.rejected)
    )
    city_decision = (
        ListStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.CITY_DECISION, title=_("市局决定"),
                 quota=QuotaScope.TOTAL, campaign_field=CAMPAIGN, limit=WorkingDays(10))
        .Approve(this.notice).Reject(this.rejected)
    )
    notice = (
        NoticeStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.NOTICE, title=_("公示"),
                   back_to=this.city_decision, result=_("拟认定"), campaign_field=CAMPAIGN)
        .Approve(this.certified)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"), limit=WorkingDays(10)).OnTimeout(
        this.lapsed, title=_("逾期"))
    certified = Finish(status=S.CERTIFIED, title=_("认定"), then=ends.certify)
    rejected = Finish(status=S.REJECTED, title=_("未通过"), then=ends.release_members)
    lapsed = Finish(status=S.LAPSED, title=_("逾期未重新提交"), then=ends.release_members)

    @staticmethod
    def copy_for_renewal(old, new):
        """A renewal applies with the studio's details and its members in the term's campaign."""
        ends.copy_for_renewal(old, new)
