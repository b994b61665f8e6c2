"""The sample plan flow and its case flow (workflows.engine.fanout.step), with their services.

A city reviewer creates a plan with its target districts and dispatches it: one case per target.
Each case: the district's staff file a return → a city reviewer checks it (may return it for
revision) → done. The plan completes when every case is done.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow import this

from core.orgs.roles import OrgKind, Role
from tests.sampleapp.plan_models import SampleCase, SamplePlan, SamplePlanTarget
from workflows.engine import services as engine
from workflows.engine.assignment import ITEM_ORG, OWNING_DEPARTMENT, RoleAt
from workflows.engine.deadlines.limits import WorkingDays
from workflows.engine.fanout.step import (
    ChildFlow,
    Dispatched,
    FanOut,
    Report,
    file_report,
)
from workflows.engine.flows import BaseFlow
from workflows.engine.nodes import Finish, Resubmit, Step, Submit

C = SampleCase.Status
P = SamplePlan.Status


class CaseFlow(ChildFlow):
    """示例督导案件

    分派 → 区县填报（10个工作日，计划可另定期限）→ 市局审核 → 办结。"""

    item_model = SampleCase

    start = Dispatched().Next(this.file)
    file = Report(RoleAt(Role.DISTRICT_STAFF, ITEM_ORG), status=C.FILING, title=gettext_lazy("区县填报"),
                  limit=WorkingDays(10)).Approve(this.check)
    check = (
        Step(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=C.CHECKING, title=gettext_lazy("市局审核"))
        .Approve(this.done)
        .ReturnTo(this.revise)
    )
    revise = Resubmit(status=C.RETURNED, title=gettext_lazy("修改后重新填报"))
    done = Finish(status=C.DONE, title=gettext_lazy("办结"))


class PlanFlow(BaseFlow):
    """示例督导计划

    市局创建计划 → 分派到各区县（每区县一件） → 全部办结后计划完成。"""

    item_model = SamplePlan

    start = Submit(RoleAt(Role.CITY_REVIEWER, ITEM_ORG), title=gettext_lazy("下发计划")).Next(this.dispatch)
    dispatch = FanOut(CaseFlow, targets=SamplePlan.targets, status=P.IN_PROGRESS,
                      title=gettext_lazy("各区县办理")).Next(this.completed)
    completed = Finish(status=P.COMPLETED, title=gettext_lazy("计划完成"))


@transaction.atomic
def sample_plan_create(*, department, by, title: str, targets) -> SamplePlan:
    """A draft plan of `department` with its target districts."""
    targets = list(targets)
    if any(target.kind != OrgKind.DISTRICT for target in targets):
        raise ValidationError({"targets": ValidationError(_("督导对象必须是区县。"), code="invalid")})
    if len({target.pk for target in targets}) != len(targets):
        raise ValidationError({"targets": ValidationError(_("督导对象不能重复。"), code="duplicate")})
    plan = engine.create_item(flow_class=PlanFlow, organisation=department, owner_department=department, by=by,
                              title=title)
    SamplePlanTarget.objects.bulk_create([SamplePlanTarget(plan=plan, organisation=target) for target in targets])
    return plan


def sample_plan_dispatch(*, plan, by):
    """Send the plan out: one case per target, each waiting for its district's return."""
    return engine.submit_item(item=plan, by=by, flow_class=PlanFlow)


def sample_case_file(*, task, by, comment: str = ""):
    """The district's return on its case (区县填报)."""
    return file_report(task=task, by=by, comment=comment)
