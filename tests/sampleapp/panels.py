"""Sample flows with a multi-person step (workflows.engine.signing.step), one per mode, all running
the sample application: the district's review is done by several people, then the city reviews.

    CountersignFlow   会签: every district reviewer of the item's district must approve, at least
                      two of them (in 5 working days, or the item is rejected: a member's timeout
                      ends the step)
    AnySignFlow       或签: any one district reviewer decides
    SequenceFlow      依次: named people in order (the district's reviewers, then its head)
    QuorumFlow        k of n: 2 of 3 experts drawn from outside the item's district (回避); the
                      draws come from DRAWS, which tests seed
    ReviewerQuorumFlow k of n over a role: 2 of the district's reviewers, at least 2 of them
"""

import random

from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp.models import SampleApplication
from workflows.engine.assignment import (
    ITEM_DISTRICT,
    ITEM_ORG,
    OWNING_DEPARTMENT,
    RoleAt,
    holders_of,
)
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.flows import BaseFlow
from workflows.engine.nodes import Finish, Resubmit, Step, Submit
from workflows.engine.signing.members import Drawn, Named, holders_outside_district
from workflows.engine.signing.models import SignMode
from workflows.engine.signing.step import MultiStep

S = SampleApplication.Status
# The expert panel's random source: tests seed it (DRAWS.seed(n)) to draw deterministically.
DRAWS = random.Random()
DISTRICT_REVIEWERS = RoleAt(Role.DISTRICT_REVIEWER, ITEM_DISTRICT)


def district_reviewers_then_head(item) -> list:
    """依次: the district's reviewers by account name, then the district head."""
    district = item.organisation.district()
    reviewers = sorted(holders_of(Role.DISTRICT_REVIEWER, district.pk), key=lambda user: user.username)
    return reviewers + holders_of(Role.DISTRICT_HEAD, district.pk)


def district_and_city_reviewers(item) -> list:
    """Who may be added to the 依次 review: its members and the owning department's reviewers."""
    return district_reviewers_then_head(item) + holders_of(Role.CITY_REVIEWER, item.owner_department_id)


def _panel_flow(name: str, doc: str, panel: MultiStep):
    """A flow around `panel`: school submits → the panel → city review → done. The four samples
    differ only in the panel, so they share the rest of the graph."""
    body = {
        "__module__": __name__,
        "__doc__": doc,
        "__qualname__": name,
        "item_model": SampleApplication,
        "start": Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), RoleAt(Role.APPLICANT, ITEM_ORG),
                        title=_("学校提交")).Next(this.district_review),
        "district_review": panel.Approve(this.city_review).ReturnTo(this.revise).Reject(this.rejected),
        "city_review": Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.CITY_REVIEW,
                            title=_("市局审核")).Approve(this.approved).ReturnTo(this.district_review)
                       .Reject(this.rejected),
        "revise": Resubmit(status=S.RETURNED, title=_("修改后重新提交")),
        "approved": Finish(status=S.APPROVED, title=_("通过")),
        "rejected": Finish(status=S.REJECTED, title=_("驳回")),
    }
    return type(name, (BaseFlow,), body)


CountersignFlow = _panel_flow(
    "CountersignFlow", "示例会签：区县审核员全部通过才通过，任一驳回或退回即结束；5个工作日内未完成会签即驳回。",
    MultiStep(DISTRICT_REVIEWERS, mode=SignMode.ALL, status=S.DISTRICT_REVIEW, title=_("区县会签"), min_size=2,
              limit=WorkingDays(5)).OnTimeout(this.rejected, title=_("逾期未完成会签")),
)
AnySignFlow = _panel_flow(
    "AnySignFlow", "示例或签：任一区县审核员的决定即为本步骤的决定。",
    MultiStep(DISTRICT_REVIEWERS, mode=SignMode.ANY, status=S.DISTRICT_REVIEW, title=_("区县或签"),
              limit=WorkingDays(5)),
)
SequenceFlow = _panel_flow(
    "SequenceFlow", "示例依次审批：区县审核员依次审核，最后由区县负责人审核。",
    MultiStep(Named(district_reviewers_then_head, label=_("区县审核组"), pool=district_and_city_reviewers),
              mode=SignMode.SEQUENCE, status=S.DISTRICT_REVIEW, title=_("区县依次审核"), limit=WorkingDays(5)),
)
QuorumFlow = _panel_flow(
    "QuorumFlow", "示例多数通过：从其他区县抽取3名专家，2人通过即通过，2人驳回即驳回。",
    MultiStep(Drawn(holders_outside_district(Role.EXPERT), count=3, label=_("外区县评审专家"), random=DRAWS),
              mode=SignMode.QUORUM, need=2, status=S.DISTRICT_REVIEW, title=_("专家评审"), limit=WorkingDays(5)),
)
ReviewerQuorumFlow = _panel_flow(
    "ReviewerQuorumFlow", "示例多数通过（按角色）：区县审核员中2人通过即通过，至少2人参加。",
    MultiStep(DISTRICT_REVIEWERS, mode=SignMode.QUORUM, need=2, status=S.DISTRICT_REVIEW, title=_("区县多数通过"),
              limit=WorkingDays(5)),
)
