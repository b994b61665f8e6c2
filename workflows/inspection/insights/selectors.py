"""The insights' reads. Each function runs a fixed number of queries however many targets the
plan has (tests assert it): scores are aggregated in the database, never per case."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, CharField, Count, Max, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from workflows.inspection.case_models import CaseDetails, Finding, RectificationReport
from workflows.inspection.plan_models import PlanDetails

# A case with no audit event for this long is idle (督办 it); a target whose rectification
# reports were sent back this many times is flagged. Both can be set per deployment.
IDLE_DAYS = getattr(settings, "INSPECTION_IDLE_DAYS", 7)
RETURNS_THRESHOLD = getattr(settings, "INSPECTION_RETURNS_THRESHOLD", 2)


@dataclass
class TargetScores:
    """One target of a plan: its case, its mean team score per indicator code, the overall sum and
    its ranks (1 = best; equal scores share a rank; no score, no rank)."""

    case_id: int
    target: object
    scores: dict = field(default_factory=dict)
    ranks: dict = field(default_factory=dict)
    overall: Decimal | None = None
    overall_rank: int | None = None


def _rank(rows, key) -> dict:
    """{id(row): rank} by `key` descending, competition ranking (1, 1, 3) over rows that have it."""
    scored = sorted((row for row in rows if key(row) is not None), key=key, reverse=True)
    ranks, previous, rank = {}, None, 0
    for position, row in enumerate(scored, start=1):
        if key(row) != previous:
            rank, previous = position, key(row)
        ranks[id(row)] = rank
    return ranks


def plan_scores(plan, *, only_target=None) -> list[TargetScores]:
    """The plan's targets with the team's findings averaged per indicator (the members' scores of
    one indicator), the overall the sum of those means, ranked per indicator and overall; sorted
    by overall rank. `only_target` (an organisation) keeps that target's row after ranking all, so a
    district sees its own place and nobody else's scores. Two queries."""
    details = list(CaseDetails.objects.filter(plan_id=plan.pk).select_related("target").order_by("target__path"))
    means = (Finding.objects.filter(case_id__in=[d.item_id for d in details], score__isnull=False)
             .values("case_id", "indicator__code").annotate(mean=Avg("score")))
    rows = {d.item_id: TargetScores(case_id=d.item_id, target=d.target) for d in details}
    for mean in means:
        rows[mean["case_id"]].scores[mean["indicator__code"]] = round(mean["mean"], 2)
    rows = list(rows.values())
    for row in rows:
        row.overall = sum(row.scores.values()) if row.scores else None
    codes = sorted({code for row in rows for code in row.scores})
    for code in codes:
        ranks = _rank(rows, lambda row, code=code: row.scores.get(code))
        for row in rows:
            if id(row) in ranks:
                row.ranks[code] = ranks[id(row)]
    overall = _rank(rows, lambda row: row.overall)
    for row in rows:
        row.overall_rank = overall.get(id(row))
    rows.sort(key=lambda row: (row.overall_rank is None, row.overall_rank or 0, row.target.path))
    if only_target is not None:
        rows = [row for row in rows if row.target.pk == only_target.pk]
    return rows


def target_history(plan, target) -> list[tuple[int, object, Decimal | None]]:
    """The same target's overall score in every plan of the same kind, oldest year first:
    [(year, plan item, overall or None)]. Two queries."""
    kind = PlanDetails.objects.filter(item_id=plan.pk).values_list("kind", flat=True).first()
    cases = (CaseDetails.objects.filter(target_id=target.pk, plan__inspection_plan__kind=kind)
             .select_related("plan").order_by("plan__created_at"))
    cases = list(cases)
    means = (Finding.objects.filter(case_id__in=[c.item_id for c in cases], score__isnull=False)
             .values("case_id", "indicator_id").annotate(mean=Avg("score")))
    overall = {}
    for mean in means:
        overall[mean["case_id"]] = overall.get(mean["case_id"], 0) + round(mean["mean"], 2)
    return [(timezone.localtime(c.plan.created_at).year, c.plan, overall.get(c.item_id)) for c in cases]


@dataclass
class Alert:
    kind: str  # "idle" or "returns"
    case_id: int
    target: object
    last_event_at: datetime | None = None
    returns: int = 0


def plan_alerts(plan, *, now=None, idle_days: int = IDLE_DAYS, threshold: int = RETURNS_THRESHOLD) -> list[Alert]:
    """The plan's open cases with no audit event for `idle_days` (their last event's time), and the
    targets whose rectification reports were sent back `threshold` times or more. One query."""
    from django.contrib.contenttypes.models import ContentType

    from core.audit.models import AuditEvent
    from workflows.engine.models import Item

    now = now or timezone.now()
    item_type = ContentType.objects.get_for_model(Item)
    last_event = (AuditEvent.objects.filter(content_type=item_type,
                                            object_id=Cast(OuterRef("item_id"), CharField()))
                  .order_by().values("object_id").annotate(last=Max("created_at")).values("last"))
    returned = (RectificationReport.objects.filter(case_id=OuterRef("item_id"), accepted=False)
                .order_by().values("case_id").annotate(n=Count("pk")).values("n"))
    details = (CaseDetails.objects.filter(plan_id=plan.pk).select_related("target", "item")
               .annotate(last_event_at=Subquery(last_event), returns=Subquery(returned))
               .order_by("target__path"))
    alerts = []
    for d in details:
        open_case = d.item.status not in ("closed", "rejected", "withdrawn")
        last = d.last_event_at or d.item.created_at
        if open_case and now - last >= timedelta(days=idle_days):
            alerts.append(Alert(kind="idle", case_id=d.item_id, target=d.target, last_event_at=last))
        if (d.returns or 0) >= threshold:
            alerts.append(Alert(kind="returns", case_id=d.item_id, target=d.target, returns=d.returns))
    return alerts
