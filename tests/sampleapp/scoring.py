"""The sample flow with a scoring step (workflows.engine.scoring.step.ScoringStep): the school
submits, the department draws a panel, its experts score against the department's rubric
新优质学校评估 (its newest version), and the verdict passes or rejects the application."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow import this

from core.orgs.roles import Role
from tests.sampleapp.models import SampleApplication, SampleDetails
from workflows.engine import services as engine
from workflows.engine.assignment import ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.flows import BaseFlow
from workflows.engine.nodes import Finish, Submit
from workflows.engine.rubrics.models import Rubric
from workflows.engine.scoring.step import ScoringStep

S = SampleApplication.Status
RUBRIC_NAME = "新优质学校评估"


def rubric_of(item) -> Rubric:
    """The department's newest version of the sample rubric: the kind's data says which rubric."""
    return Rubric.objects.filter(department=item.owner_department_id, name=RUBRIC_NAME) \
        .order_by("-year", "-version").first()


class ScoringFlow(BaseFlow):
    """示例专家评分

    学校提交 → 专家评分（抽取的专家按评分指标打分，去掉最高最低分后取平均）→ 合格即通过，否则驳回。"""

    item_model = SampleApplication

    start = Submit(RoleAt(Role.SCHOOL_HEAD, ITEM_ORG), title=_("学校提交")).Next(this.scoring)
    scoring = (
        ScoringStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.CITY_REVIEW, title=_("专家评分"),
                    rubric=rubric_of, limit=WorkingDays(10))
        .Approve(this.approved)
        .Reject(this.rejected)
    )
    approved = Finish(status=S.APPROVED, title=_("通过"))
    rejected = Finish(status=S.REJECTED, title=_("驳回"))


@transaction.atomic
def scored_create(*, organisation, owner_department, by, title: str):
    item = engine.create_item(flow_class=ScoringFlow, organisation=organisation, owner_department=owner_department,
                              by=by, title=title)
    SampleDetails.objects.create(item=item)
    return item


def scored_submit(*, item, by):
    return engine.submit_item(item=item, by=by, flow_class=ScoringFlow)
