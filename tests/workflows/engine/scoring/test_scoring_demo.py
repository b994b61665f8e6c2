"""The demo's scoring piece: one application waits for the named expert's sheet (two have
submitted), the expert can open and submit it, and seeding again writes nothing."""

import pytest

from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from tests.sampleapp import demo_scoring
from workflows.engine.models import Item
from workflows.engine.scoring import rules, selectors
from workflows.engine.scoring.models import ScoreSheet, SheetState
from workflows.engine.scoring.services import save_draft, submit_sheet


@pytest.mark.django_db
def test_the_demo_seeds_a_sheet_waiting_for_a_named_expert_once():
    seed_demo_city(password="Demo@2026-test")
    tries = demo_scoring.seed()
    assert len(tries) == 2 and "评分表" in tries[0].what
    item = Item.objects.get(title=demo_scoring.TITLE)
    assert ScoreSheet.objects.filter(item=item, state=SheetState.SUBMITTED).count() == 2
    assert not rules.all_submitted(item)
    expert = User.objects.get(username=tries[0].username)
    view = selectors.sheet_view(expert, item)
    assert view.sheet is None and [row.code for row in view.rows if row.leaf] == ["A1", "A2", "B1", "B2"]
    assert demo_scoring.seed() == tries and Item.objects.filter(title=demo_scoring.TITLE).count() == 1
    save_draft(item=item, by=expert, lines={"A1": {"score": 19}, "A2": {"score": 18}, "B1": {"score": 23},
                                            "B2": {"score": 32}})
    submit_sheet(item=item, by=expert)
    assert rules.all_submitted(item)
