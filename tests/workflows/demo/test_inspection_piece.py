"""The demo's 专项督导: one plan dispatched to the 13 districts through the real services, its cases
at 自评 (five filed, one late), one team formed for the visit, one 意见书 issued with its 文号 and
the 整改方案 due; the try lines name real logins; seeding twice writes nothing more."""

from collections import Counter

import pytest
from django.utils import timezone

from core.docnumbers.defaults import seed_document_types
from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from workflows.demo import inspection
from workflows.engine.models import Item
from workflows.inspection.case_models import CaseDetails, InspectionCase, TeamMember
from workflows.inspection.selectors import plan_rows

pytestmark = pytest.mark.django_db
S = InspectionCase.Status


def test_the_plan_and_its_cases_stand_in_the_main_states_once():
    seed_demo_city(password="Demo@2026-test")
    seed_document_types()
    seeded = inspection.seed()
    plan = inspection._plan()
    cases = list(InspectionCase.objects.filter(inspection_case__plan=plan).select_related("organisation")
                 .order_by("organisation__path"))
    assert len(cases) == 13
    assert Counter(c.status for c in cases) == {S.SELF_ASSESSMENT: 8, S.VISIT: 4, S.RECTIFICATION_PLAN: 1}
    heping, shenhe = cases[0], cases[1]
    assert heping.status == S.RECTIFICATION_PLAN
    assert "沈教督" in CaseDetails.objects.select_related("opinion").get(item=heping).opinion.number_text
    assert TeamMember.objects.filter(case=shenhe).count() == 3 and shenhe.status == S.VISIT
    planner = User.objects.get(username=seeded[0].username)
    late = plan_rows(planner, plan, now=timezone.now(), late_only=True)
    assert [row.case.pk for row in late] == [cases[inspection.LATE].pk]

    assert len(seeded) == 4
    for tried in seeded:
        assert User.objects.filter(username=tried.username).exists(), tried
    count = Item.objects.count()
    assert inspection.seed() == seeded and Item.objects.count() == count
