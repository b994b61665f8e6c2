"""Properties of the draw. Against the real service: no draw ever picks an expert whom 回避 excludes
(by an oracle written from the tree, not from paths), and it excludes exactly those. Load: over 200
draws the experts who may review every item hold panels within one of each other (max − min ≤ 1),
through the service and, with random exclusions, through lots.order itself."""

import random

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.experts.helpers import PRIMARY_MATHS, application, expert, outside_experts, town  # noqa: F401
from workflows.engine.experts import lots, selectors
from workflows.engine.experts.draw import PanelShort, draw_panel
from workflows.engine.experts.models import Seat
from workflows.engine.experts.pool import add_conflict, add_expert
from workflows.engine.experts.seats import close_panel

pytestmark = pytest.mark.django_db
DB_SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def organisations(town) -> list:
    return [town.district_a, town.school_a, town.district_b, town.school_b, town.district_c, town.school_c1,
            town.school_c2, town.district_d, town.school_d1]


def district_of(org):
    return org if org.kind == "district" else org.parent


def oracle_excluded(expert_row, item) -> bool:
    """回避 from the tree: the same organisation or district, a declared organisation that is the
    item's or its district, or the submitter."""
    school, home = item.organisation, expert_row.home
    conflicts = {c.organisation_id for c in expert_row.conflicts.all()}
    return (home.pk == school.pk or district_of(home).pk == district_of(school).pk
            or bool(conflicts & {school.pk, district_of(school).pk}) or expert_row.user_id == item.submitter_id)


experts_strategy = st.lists(st.tuples(st.integers(0, 8), st.sets(st.integers(0, 8), max_size=2)),
                            min_size=0, max_size=9)


@DB_SETTINGS
@given(pool=experts_strategy, head_home=st.none() | st.integers(0, 8), schools=st.lists(st.booleans(), min_size=1,
       max_size=3), reserves=st.integers(0, 2))
def test_no_draw_picks_an_excluded_expert(town, pool, head_home, schools, reserves):  # noqa: F811
    orgs = organisations(town)
    with transaction.atomic():
        for n, (home, conflicts) in enumerate(pool):
            row = expert(town, f"p{n}", orgs[home])
            for conflict in conflicts:
                add_conflict(expert=row, organisation=orgs[conflict], reason="relative", by=town.city.city)
        if head_home is not None:  # the applications' submitter is in the pool too
            add_expert(department=town.department, user=town.head, home=orgs[head_home], by=town.city.city,
                       fields=PRIMARY_MATHS)
        items = [application(town, school=town.school_a if a else town.school_b, title=f"申报{n}")
                 for n, a in enumerate(schools)]
        rows = list(town.department.experts.prefetch_related("conflicts").select_related("home__parent"))
        excluded = {row.pk for row in rows if any(oracle_excluded(row, item) for item in items)}
        try:
            panel = draw_panel(items=items, size=3, reserves=reserves, by=town.city.city)
        except PanelShort:
            assert len(rows) - len(excluded) < 3
        else:
            drawn = {seat.expert_id for seat in selectors.seats_of(panel)}
            assert not drawn & excluded
            assert len(drawn) == min(3 + reserves, len(rows) - len(excluded))
            assert {e["expert"] for e in selectors.draw_record(panel)["excluded"]} == excluded
        transaction.set_rollback(True)


def test_load_stays_balanced_over_200_draws_of_the_service(town):  # noqa: F811
    pool = outside_experts(town, 7)
    near = expert(town, "和平专家", town.school_a)  # excluded from school_a's items, not school_b's
    campaign = make_campaign(owner_department=town.department)
    items = [application(town, title="和平申报"), application(town, school=town.school_b, title="沈河申报")]
    for n in range(200):
        panel = draw_panel(items=[items[n % 2]], size=3, reserves=1, campaign=campaign, by=town.city.city)
        close_panel(panel=panel, by=town.city.city)
    loads = [Seat.objects.filter(expert=e, state="invited").count() for e in pool]
    assert max(loads) - min(loads) <= 1, loads
    assert sum(loads) + Seat.objects.filter(expert=near, state="invited").count() == 600


@settings(max_examples=300, deadline=None)
@given(pool_size=st.integers(3, 12), size=st.integers(3, 6), seed=st.integers(0, 2**63 - 1),
       excluded_sometimes=st.sets(st.integers(0, 11), max_size=4))
def test_greedy_order_keeps_the_always_eligible_within_one(pool_size, size, seed, excluded_sometimes):
    """Over 200 draws where some experts are excluded from every other draw, those eligible for
    every draw end within one panel of each other; nobody excluded is ever drawn."""
    rng = random.Random(seed)
    experts = list(range(pool_size))
    sometimes = {e for e in excluded_sometimes if e < pool_size}
    loads = dict.fromkeys(experts, 0)
    for n in range(200):
        eligible = [e for e in experts if not (n % 2 and e in sometimes)]
        if len(eligible) < size:
            continue
        members, _reserves = lots.replay(candidates=eligible, loads=loads, seed=rng.getrandbits(63), size=size,
                                         reserves=1)
        assert set(members) <= set(eligible) and len(set(members)) == size
        for e in members:
            loads[e] += 1
    always = [loads[e] for e in experts if e not in sometimes]
    if always:
        assert max(always) - min(always) <= 1, loads
