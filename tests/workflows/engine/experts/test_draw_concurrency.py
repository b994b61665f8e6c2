"""Races on panels against the real PostgreSQL, in real threads: two draws of the same item at once
open one panel (the other is told: 409); a draw of a batch racing a draw of one of its items, the
same; two members declining at once call two different reserves; accepting and declining one seat
at once does one of them."""

import pytest

from core.audit.models import AuditEvent
from tests.threads import run_together
from tests.workflows.engine.experts.helpers import application, drawn, outside_experts, town  # noqa: F401
from workflows.engine.exceptions import Conflict
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.models import Panel, PanelItem, Seat, SeatState
from workflows.engine.experts.seats import accept_pledge, decline_seat

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_draws_of_one_item_at_once_open_one_panel(on_postgres, town):  # noqa: F811
    outside_experts(town, 8)
    item = application(town)
    drawers = [town.city.city, town.city.city_head]
    results, errors = run_together(lambda i: draw_panel(items=[item.pk], size=3, by=drawers[i]), 2)
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert Panel.objects.count() == 1 and PanelItem.objects.get().item_id == item.pk
    assert AuditEvent.objects.filter(action="panel_drawn").count() == 1


def test_a_batch_and_one_of_its_items_at_once_open_one_panel(on_postgres, town):  # noqa: F811
    outside_experts(town, 8)
    first, second = application(town, title="一"), application(town, title="二")
    batches = [[first.pk, second.pk], [second.pk]]
    results, errors = run_together(lambda i: draw_panel(items=batches[i], size=3, by=town.city.city), 2)
    assert len(results) == 1 and all(isinstance(error, Conflict) for error in errors), errors
    assert PanelItem.objects.filter(item=second, current=True).count() == 1


def test_two_members_declining_at_once_call_two_different_reserves(on_postgres, town):  # noqa: F811
    panel, seats = drawn(town, reserves=2)
    results, errors = run_together(
        lambda i: decline_seat(seat=seats[i].pk, by=seats[i].expert.user, reason="有事。"), 2)
    assert len(results) == 2 and not errors, errors
    called = Seat.objects.filter(panel=panel, position__in=[4, 5])
    assert {seat.state for seat in called} == {SeatState.INVITED}
    assert sorted(Seat.objects.filter(panel=panel, state="declined").values_list("replaced_by__position", flat=True)) \
        == [4, 5]


def test_accepting_and_declining_one_seat_at_once_does_one(on_postgres, town):  # noqa: F811
    _panel, seats = drawn(town)
    member = seats[0].expert.user
    acts = [lambda: accept_pledge(seat=seats[0].pk, by=member),
            lambda: decline_seat(seat=seats[0].pk, by=member, reason="有事。")]
    results, errors = run_together(lambda i: acts[i](), 2)
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert AuditEvent.objects.filter(action__in=["panel_pledge", "panel_decline"]).count() == 1
