"""Rankings checked by hand, the same district across years, the idle alert by the time machine,
the returns alert, the access rule as attacks, and query counts that do not grow with targets."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.workflows.inspection.helpers import dispatched
from workflows.engine.exceptions import NotFound
from workflows.engine.models import Item
from workflows.engine.rubrics.models import Indicator
from workflows.inspection.case_models import CaseDetails, Finding, RectificationReport
from workflows.inspection.insights.access import ALL, insight_scope
from workflows.inspection.insights.selectors import plan_alerts, plan_scores, target_history


def case_of(plan, district):
    return CaseDetails.objects.get(plan_id=plan.pk, target=district).item_id


def score(city, plan, district, code, *values):
    indicator = Indicator.objects.get(rubric=city.rubric, code=code)
    for n, value in enumerate(values):
        Finding.objects.create(case_id=case_of(plan, district), indicator=indicator,
                               member=city.inspectors[n], score=Decimal(value), text="查阅资料")


@pytest.fixture
def plan(city):
    return dispatched(city, targets=city.districts[:3])


def test_districts_ranked_per_indicator_and_overall_by_hand(city, plan):
    a, b, c = city.districts[:3]
    score(city, plan, a, "A1", 8, 6)   # A1 mean 7
    score(city, plan, a, "A2", 9)      # overall 16
    score(city, plan, b, "A1", 9)      # A1 9
    score(city, plan, b, "A2", 7)      # overall 16: ties a
    score(city, plan, c, "A1", 7)      # A1 7 ties a; overall 7
    rows = plan_scores(plan)
    by = {row.target.pk: row for row in rows}
    assert by[a.pk].scores == {"A1": Decimal("7.00"), "A2": Decimal("9.00")}
    assert [by[x.pk].ranks["A1"] for x in (a, b, c)] == [2, 1, 2]
    assert [by[x.pk].ranks.get("A2") for x in (a, b, c)] == [1, 2, None]
    assert [by[x.pk].overall_rank for x in (a, b, c)] == [1, 1, 3]
    assert [row.target for row in rows] == sorted([a, b], key=lambda o: o.path) + [c]
    only = plan_scores(plan, only_target=c)
    assert [(row.target, row.overall_rank) for row in only] == [(c, 3)]


def test_the_same_district_across_years(city, plan):
    a = city.districts[0]
    score(city, plan, a, "A1", 5)
    later = dispatched(city, targets=[a], title="2022年区县政府履行教育职责情况专项督导")
    Item.objects.filter(pk=plan.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    score(city, later, a, "A1", 8)
    score(city, later, a, "A2", 6)
    history = target_history(later, a)
    years = [year for year, _plan, _overall in history]
    assert [(p.pk, overall) for _y, p, overall in history] == [(plan.pk, Decimal("5.00")), (later.pk, Decimal("14.00"))]
    assert years == sorted(years) and years[0] < years[1]


def test_an_idle_case_alerts_after_seven_days_by_the_time_machine(city, plan):
    a = city.districts[0]
    item_type = ContentType.objects.get_for_model(Item)
    last = AuditEvent.objects.filter(content_type=item_type, object_id=str(case_of(plan, a))).latest("created_at")
    assert not [x for x in plan_alerts(plan, now=last.created_at + datetime.timedelta(days=6)) if x.kind == "idle"]
    later = plan_alerts(plan, now=last.created_at + datetime.timedelta(days=7, minutes=1))
    idle = {x.case_id: x for x in later if x.kind == "idle"}
    assert case_of(plan, a) in idle and idle[case_of(plan, a)].last_event_at == last.created_at


def test_a_district_with_many_returns_alerts(city, plan):
    a, b = city.districts[:2]
    for n, district in ((1, a), (2, b)):
        for rnd in range(1, n + 1):
            RectificationReport.objects.create(case_id=case_of(plan, district), round=rnd, text="整改",
                                               filed_by=city.staff[district.pk], accepted=False)
    returns = [(x.target, x.returns) for x in plan_alerts(plan, threshold=2) if x.kind == "returns"]
    assert returns == [(b, 2)]


def test_access_the_office_and_admins_see_all_a_district_its_own_row_others_nothing(city, plan):
    a = city.districts[0]
    assert insight_scope(city.planner, plan) is ALL
    assert insight_scope(UserFactory(is_superuser=True), plan) is ALL
    assert insight_scope(city.staff[a.pk], plan) == a
    outsider = city.districts[5]  # not a target of this plan
    for attacker in (city.staff[outsider.pk], UserFactory()):
        with pytest.raises(NotFound):
            insight_scope(attacker, plan)
    from django.contrib.auth.models import AnonymousUser
    with pytest.raises(NotFound):
        insight_scope(AnonymousUser(), plan)


def test_query_counts_do_not_grow_with_targets(city):
    def counts(targets):
        plan = dispatched(city, targets=targets)
        for d in targets:
            score(city, plan, d, "A1", 5)
        out = []
        for read in (lambda: plan_scores(plan), lambda: plan_alerts(plan), lambda: target_history(plan, targets[0])):
            with CaptureQueriesContext(connection) as ctx:
                read()
            out.append(len(ctx.captured_queries))
        return out
    assert counts(city.districts[:2]) == counts(city.districts[2:8])
