"""Reading the inspection kind's records: a case's plan settings, the plan page's rows."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from workflows.inspection.plan_models import PlanDetails


# The target may ask for a 复查 of the conclusion this many days after the 意见书 (services.opinion
# refuses later; rules.offered_acts stops offering it): here, so that both read it without importing
# each other.
REEXAMINATION_DAYS = 15


def reexamination_open_until(details) -> date | None:
    return details.opinion.issued_on + timedelta(days=REEXAMINATION_DAYS) if details.opinion_id else None


def timeout_action_of(case) -> str:
    """The 逾期处理方式 of the plan that dispatched `case` (one query)."""
    return (PlanDetails.objects.filter(item__inspection_cases__item_id=case.pk)
            .values_list("timeout_action", flat=True).first() or "")


def plan_of(case) -> "PlanDetails":
    """The plan's details for `case` (with its rubric)."""
    return PlanDetails.objects.select_related("rubric", "item").get(item__inspection_cases__item_id=case.pk)


def plan_indicators(case) -> dict:
    """{code: Indicator} of the scored indicators (the leaves) of the case's plan's indicator set."""
    from workflows.engine.rubrics.models import Indicator

    rubric_id = PlanDetails.objects.filter(item__inspection_cases__item_id=case.pk).values_list("rubric_id")
    rows = Indicator.objects.filter(rubric_id__in=rubric_id, children__isnull=True).order_by("order", "pk")
    return {row.code: row for row in rows}


@dataclass
class PlanRow:
    """One target on the plan page: where its case stands, when it is due, how late, what was sent."""

    case: object
    stage: str
    due_at: datetime | None
    late_by: timedelta | None
    escalations: int
    self_assessment_missing: bool

    @property
    def target(self):
        return self.case.organisation

    @property
    def late_days(self) -> int:
        return self.late_by.days + (1 if self.late_by.seconds else 0) if self.late_by else 0


SORTS = {
    "target": lambda row: row.target.path,
    "stage": lambda row: (row.stage, row.target.path),
    "due": lambda row: (row.due_at is None, row.due_at or timezone.now(), row.target.path),
    "late": lambda row: (-(row.late_by or timedelta(0)), row.target.path),
}


def plan_rows(user, plan, *, now=None, sort: str = "target", stage: str = "", late_only: bool = False) -> list:
    """The plan page: every case `user` may see with its stage, due date, lateness and the
    escalations sent (超期督办), sorted and filtered. A fixed number of queries however many cases."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from notifications.kinds import ESCALATION
    from notifications.models import Notification
    from workflows.engine.fanout.step import overview
    from workflows.engine.models import Item
    from workflows.inspection.case_models import CaseDetails

    now = now or timezone.now()
    children = overview(user, plan)
    ids = [row.child.pk for row in children]
    sent = dict(Notification.objects.filter(kind=ESCALATION, target_type=ContentType.objects.get_for_model(Item),
                                            target_id__in=ids)
                .values("target_id").annotate(n=Count("pk")).values_list("target_id", "n"))
    missing = set(CaseDetails.objects.filter(item_id__in=ids, self_assessed_at__isnull=True)
                  .values_list("item_id", flat=True))
    rows = []
    for child in children:
        at_self_assessment = child.child.status == "self_assessment"
        row = PlanRow(case=child.child, stage=child.stage, due_at=child.due_at, late_by=child.late_by(now),
                      escalations=sent.get(child.child.pk, 0),
                      self_assessment_missing=child.child.pk in missing and not at_self_assessment)
        if stage and child.child.status != stage:
            continue
        if late_only and row.late_by is None:
            continue
        rows.append(row)
    return sorted(rows, key=SORTS.get(sort, SORTS["target"]))


def open_case_task(case):
    """The case's open human task (with its process), or None once it is closed."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    return (Task.objects.filter(process__artifact_object_id=getattr(case, "pk", case), flow_task_type="HUMAN",
                                status__in=[STATUS.NEW, STATUS.ASSIGNED])
            .select_related("process").order_by("pk").first())
