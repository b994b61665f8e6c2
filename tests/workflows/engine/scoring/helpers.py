"""A sample ScoringFlow application waiting for its panel's sheets: for the engine, page and API tests."""

import pytest

from tests.sampleapp.scoring import scored_create, scored_submit
from tests.workflows.engine.experts.helpers import outside_experts, town  # noqa: F401
from tests.workflows.engine.rubrics.helpers import school_rubric
from workflows.engine.experts import selectors
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.seats import accept_pledge, decline_seat
from workflows.engine.models import Item


def lines(a1, a2, b1, b2):
    """A whole sheet of the school rubric (A1 /20, A2 /20, B1 /10 ×2, B2 /40)."""
    return {"A1": {"score": a1, "comment": "校舍达标"}, "A2": {"score": a2, "comment": ""},
            "B1": {"score": b1, "comment": ""}, "B2": {"score": b2, "comment": "发展良好"}}


def scored_item(town, *, size=5):  # noqa: F811
    """A submitted application at the scoring step, a panel of `size` (+1 reserve; the second
    member declines and the reserve steps in), every member pledged; the item and its scorers."""
    school_rubric(town.department, town.city.city)
    item = scored_create(organisation=town.school_a, owner_department=town.department, by=town.head, title="新优质学校")
    scored_submit(item=item, by=town.head)
    outside_experts(town, size + 1)
    panel = draw_panel(items=[item], size=size, reserves=1, by=town.city.city)
    seats = selectors.seats_of(panel)
    decline_seat(seat=seats[1], by=seats[1].expert.user, reason="出差")
    for seat in selectors.seats_of(panel):
        if seat.state not in ("declined", "reserve"):
            accept_pledge(seat=seat, by=seat.expert.user)
    return Item.objects.get(pk=item.pk), [seat.expert.user for seat in selectors.scorers(item)]


@pytest.fixture
def scoring(town):  # noqa: F811
    return scored_item(town)
