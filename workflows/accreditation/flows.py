"""The school accreditation flow (DOMAIN.md 1): every stage a programme may use, the optional ones
chosen by the programme's data (on-site visit, 答辩), the rubric, quotas, 公示 length, validity,
evidence slots and document prefix all read from the campaign's programme, never written here."""

from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from workflows.accreditation.models import Accreditation, AccreditationDetails
from workflows.engine.assignment import ITEM_DISTRICT, ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.branches.step import Optional
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.flows import BaseFlow
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.lists.models import QuotaScope
from workflows.engine.lists.step import ListStep
from workflows.engine.meetings.step import MeetingStep
from workflows.engine.nodes import Finish, Resubmit, Step, Submit
from workflows.engine.notices.step import NoticeStep
from workflows.engine.scoring.models import ScoringResult
from workflows.engine.scoring.step import ScoringStep
from workflows.engine.tenure.granting import begin_tenure

S = Accreditation.Status
CAMPAIGN = Accreditation.CAMPAIGN_LOOKUP
PROGRAMME = "accreditation__campaign__programme"


def rubric_of(item):
    """The rubric the experts score: the campaign's programme's (frozen by the first sheet)."""
    return AccreditationDetails.objects.select_related("campaign__programme__rubric").get(item=item) \
        .campaign.programme.rubric


def ranked_by_score(ids) -> list[int]:
    """市局决定's order: highest expert-review total first (ties: the earlier application first)."""
    totals = {}
    for result in ScoringResult.objects.filter(item_id__in=ids).order_by("item_id", "-closed_at", "-pk"):
        totals.setdefault(result.item_id, result.total)
    return sorted(ids, key=lambda pk: (-(totals.get(pk) or 0), pk))


def grant(item):
    """认定: the tenure and its certificate under the programme's code (its TermsPolicy, data)."""
    details = AccreditationDetails.objects.select_related("campaign__programme").get(item=item)
    begin_tenure(item, programme=details.campaign.programme)


class AccreditationFlow(BaseFlow):
    """学校认定与评选

    学校提交 → 区县审核 → 区县推荐（区县名额）→ 形式审查 → 专家评审 →（项目含的）实地考察、答辩
    → 市局决定（总名额）→ 公示（项目的公示天数）→ 认定（有效期与证书）；
    退回修改须在10个工作日内重新提交，逾期即告失效；续期按认定期限规则免去部分环节。"""

    item_model = Accreditation
    # A renewal may pass over these (TermsPolicy.renewal_skips, data per programme).
    skippable = ("district_review", "district_recommend", "formal_review")

    # A staff member (申报人) may write the draft; the head submits it (and becomes its 申报人).
    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), drafters=[RoleAt(Role.APPLICANT, ITEM_ORG)],
                   title=_("学校提交")).Next(this.district_review)
    district_review = (
        Step(RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT), status=S.DISTRICT_REVIEW, title=_("区县审核"),
             limit=WorkingDays(5))
        .Approve(this.district_recommend).ReturnTo(this.revise).Reject(this.rejected)
    )
    district_recommend = (
        ListStep(RoleAt(Role.DISTRICT_HEAD, ITEM_DISTRICT), status=S.DISTRICT_RECOMMEND, title=_("区县推荐"),
                 quota=QuotaScope.DISTRICT, campaign_field=CAMPAIGN, limit=WorkingDays(5))
        .Approve(this.formal_review).ReturnTo(this.district_review).Reject(this.rejected)
    )
    formal_review = (
        Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.FORMAL_REVIEW, title=_("形式审查"),
             limit=WorkingDays(10))
        .Approve(this.expert_review).ReturnTo(this.district_review, this.revise).Reject(this.rejected)
    )
    expert_review = (
        ScoringStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.EXPERT_REVIEW, title=_("专家评审"),
                    rubric=rubric_of, limit=WorkingDays(15))
        .Approve(this.visit_switch).Reject(this.rejected)
    )
    visit_switch = Optional(when=f"{PROGRAMME}__onsite_visit", title=_("项目含实地考察"),
                            stage=this.onsite_visit, otherwise=this.defence_switch)
    onsite_visit = (
        MeetingStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.ONSITE_VISIT, title=_("实地考察"),
                    meeting=_("实地考察"), remind_before=(3, 1), limit=WorkingDays(20))
        .Approve(this.defence_switch).Reject(this.rejected)
    )
    defence_switch = Optional(when=f"{PROGRAMME}__defence", title=_("项目含答辩"),
                              stage=this.defence, otherwise=this.city_decision)
    defence = (
        MeetingStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.DEFENCE, title=_("答辩"),
                    meeting=_("答辩会"), remind_before=(3, 1), limit=WorkingDays(20))
        .Approve(this.city_decision).Reject(this.rejected)
    )
    city_decision = (
        ListStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.CITY_DECISION, title=_("市局决定"),
                 quota=QuotaScope.TOTAL, campaign_field=CAMPAIGN, rank=ranked_by_score,
                 rank_note=_("名单按专家评审总分排序（同分时先申报者在前）。"), limit=WorkingDays(10))
        .Approve(this.notice).Reject(this.rejected)
    )
    notice = (  # its length: the programme's notice_days (notices.step.notice_days)
        NoticeStep(RoleAt(Role.CITY_HEAD, OWNING_DEPARTMENT), status=S.NOTICE, title=_("公示"),
                   back_to=this.city_decision, result=_("拟认定"), campaign_field=CAMPAIGN)
        .Approve(this.approved)
    )
    revise = Resubmit(status=S.RETURNED, title=_("修改后重新提交"), limit=WorkingDays(10)).OnTimeout(
        this.lapsed, title=_("逾期"))
    approved = Finish(status=S.APPROVED, title=_("认定"), then=grant)
    rejected = Finish(status=S.REJECTED, title=_("驳回"))
    lapsed = Finish(status=S.LAPSED, title=_("逾期未重新提交"))

    @staticmethod
    def copy_for_renewal(old, new):
        """A renewal carries the application's text into the programme's newest campaign (the
        current round, whose rubric the experts score), marked as the renewal of `old`."""
        details = AccreditationDetails.objects.select_related("campaign__programme").get(item=old)
        campaign = (Campaign.objects.filter(programme__code=details.campaign.programme.code)
                    .order_by("-programme__year", "-opens_at", "-pk").first())
        AccreditationDetails.objects.create(
            item=new, campaign=campaign, organisation_id=new.organisation_id, renewal_of=old,
            summary=details.summary, features=details.features, self_assessment=details.self_assessment)
