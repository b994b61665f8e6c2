"""The seat rule, attacked: an expert sees nothing of a panel's items (the item page, the API's item,
history and files, the search) until they accept the pledge; a reserve, one who declined, an
expert of another panel or with no seat never do. Accepting shows the panel's items and no others."""

import pytest
from django.urls import reverse

from tests.workflows.api.helpers import client_for as api_for
from tests.workflows.engine.experts.helpers import application, drawn, expert, town  # noqa: F401
from tests.workflows.web.conftest import client_for
from workflows.engine.access import scoped_items, visible
from workflows.engine.exceptions import NotAllowed
from workflows.engine.experts import selectors
from workflows.engine.experts.seats import accept_pledge, decline_seat
from workflows.engine.models import Item

pytestmark = pytest.mark.django_db


def sees(user, item) -> bool:
    """Whether `user` sees the item anywhere: scoping, the page, the API (detail, history, files, list)."""
    page = client_for(user).get(reverse("workflows:item", args=[item.pk])).status_code
    api = api_for(user)
    answers = {api.get(reverse(f"api:{name}", args=[item.pk])).status_code
               for name in ("item-detail", "item-history", "item-files")}
    listed = item.pk in [row["id"] for row in api.get(reverse("api:item-list")).json()["results"]]
    seen = {visible(user, item), page == 200, answers == {200}, listed}
    assert len(seen) == 1, (seen, page, answers, listed)  # every door gives the same answer
    if not visible(user, item):
        assert page == 404 and answers == {404}
    return visible(user, item)


def test_members_see_the_items_only_once_they_accept(town):  # noqa: F811
    panel, seats = drawn(town)
    item = selectors.items_of(panel)[0]
    member = seats[0].expert.user
    assert not sees(member, item)
    with pytest.raises(NotAllowed, match="请先签署保密承诺书"):
        selectors.seat_items(member, seats[0])
    accept_pledge(seat=seats[0], by=member)
    assert sees(member, item)


def test_reserves_those_who_declined_and_other_panels_see_nothing(town):  # noqa: F811
    panel, seats = drawn(town)
    item = selectors.items_of(panel)[0]
    decline_seat(seat=seats[1], by=seats[1].expert.user, reason="有事。")
    other_panel, other_seats = drawn(town, items=[application(town, title="另一申报")])
    accept_pledge(seat=other_seats[0], by=other_seats[0].expert.user)
    outsider = expert(town, "未入组专家", town.school_c1)
    for user in [seats[1].expert.user, seats[4].expert.user, outsider.user]:
        assert not sees(user, item)
    # Accepting on another panel shows that panel's items, not this one's (unless on both).
    accepted = other_seats[0].expert.user
    assert sees(accepted, selectors.items_of(other_panel)[0])
    if not any(seat.expert.user == accepted for seat in seats):
        assert not sees(accepted, item)


def test_a_group_panel_shows_every_item_of_the_batch_and_nothing_else(town):  # noqa: F811
    batch = [application(town, title="甲"), application(town, school=town.school_b, title="乙")]
    unrelated = application(town, title="丙")
    _panel, seats = drawn(town, items=batch)
    member = seats[0].expert.user
    accept_pledge(seat=seats[0], by=member)
    assert set(scoped_items(member, Item.objects.all()).values_list("pk", flat=True)) == {i.pk for i in batch}
    assert not sees(member, unrelated)
