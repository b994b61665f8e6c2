"""An expert's seat: the pledge (承诺书) accepted once, with its time, before anything of the items is
seen; a decline with a reason calls the next reserve, who is told; the chair passes on; every
refusal (twice, after accepting, a reserve not yet called, a closed panel, someone else's seat)
writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.incidents.models import Incident
from notifications.models import Notification
from tests.workflows.engine.experts.helpers import application, drawn, town  # noqa: F401
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.experts import selectors
from workflows.engine.experts.models import Seat, SeatState
from workflows.engine.experts.seats import VACANCY_INCIDENT, accept_pledge, close_panel, decline_seat

pytestmark = pytest.mark.django_db


def user_of(seat):
    return seat.expert.user


def test_accepting_the_pledge_records_its_time_and_lets_the_expert_score(town):  # noqa: F811
    panel, seats = drawn(town)
    item = selectors.items_of(panel)[0]
    seat = accept_pledge(seat=seats[1], by=user_of(seats[1]))
    assert seat.state == SeatState.ACCEPTED and seat.pledged_at is not None
    assert [s.pk for s in selectors.scorers(item)] == [seat.pk]
    assert selectors.may_score(user_of(seat), item) and not selectors.may_score(user_of(seats[0]), item)
    assert selectors.seat_items(user_of(seat), seat) == [item]
    event = AuditEvent.objects.get(action="panel_pledge")
    assert event.actor == user_of(seat) and event.data == {"seat": seat.pk, "expert": seat.expert_id}


def test_the_pledge_is_accepted_once(town):  # noqa: F811
    _panel, seats = drawn(town)
    accept_pledge(seat=seats[0], by=user_of(seats[0]))
    with pytest.raises(InvalidState, match="无需再次签署"):
        accept_pledge(seat=seats[0], by=user_of(seats[0]))
    assert AuditEvent.objects.filter(action="panel_pledge").count() == 1


def test_a_reserve_accepts_only_once_called(town):  # noqa: F811
    _panel, seats = drawn(town)
    with pytest.raises(InvalidState, match="此席位当前为“候补”"):
        accept_pledge(seat=seats[3], by=user_of(seats[3]))
    assert Seat.objects.get(pk=seats[3].pk).state == SeatState.RESERVE


def test_a_decline_calls_the_next_reserve_who_is_told(town):  # noqa: F811
    panel, seats = drawn(town)
    decline_seat(seat=seats[1], by=user_of(seats[1]), reason="当天有教学任务。")
    declined, called, waiting = (Seat.objects.get(pk=seats[n].pk) for n in (1, 3, 4))
    assert (declined.state, declined.decline_reason, declined.replaced_by) == (SeatState.DECLINED, "当天有教学任务。",
                                                                              called)
    assert called.state == SeatState.INVITED and called.seated_at is not None
    assert waiting.state == SeatState.RESERVE
    told = Notification.objects.get(kind="panel_reserve_called")
    assert told.recipient == user_of(seats[3])
    event = AuditEvent.objects.get(action="panel_decline")
    assert event.comment == "当天有教学任务。" and event.data["called"] == seats[3].expert_id
    # The one who was called accepts like any member.
    accept_pledge(seat=called, by=user_of(seats[3]))
    assert Seat.objects.filter(panel=panel, state__in=["invited", "accepted"]).count() == 3


def test_the_chair_passes_to_the_first_member_left(town):  # noqa: F811
    panel, seats = drawn(town)
    decline_seat(seat=seats[0], by=user_of(seats[0]), reason="身体原因。")
    assert selectors.chair(panel).pk == seats[1].pk
    assert AuditEvent.objects.get(action="panel_decline").data["chair"] == seats[1].expert_id


def test_a_decline_with_no_reserve_left_leaves_the_seat_empty_and_raises_an_incident(town):  # noqa: F811
    panel, seats = drawn(town, reserves=0)
    decline_seat(seat=seats[2], by=user_of(seats[2]), reason="回避：与申报校有合作关系。")
    assert Seat.objects.filter(panel=panel, state="invited").count() == 2
    incident = Incident.objects.get(kind=VACANCY_INCIDENT)
    assert incident.payload == {"panel": panel.pk, "seat": seats[2].pk}


def test_a_reserve_may_decline_in_advance(town):  # noqa: F811
    _panel, seats = drawn(town)
    decline_seat(seat=seats[4], by=user_of(seats[4]), reason="近期出差。")
    assert Seat.objects.get(pk=seats[4].pk).state == SeatState.DECLINED
    assert not Notification.objects.filter(kind="panel_reserve_called").exists()


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_decline_needs_a_reason(town, reason):  # noqa: F811
    _panel, seats = drawn(town)
    with pytest.raises(ValidationError, match="请填写谢绝理由"):
        decline_seat(seat=seats[0], by=user_of(seats[0]), reason=reason)
    assert Seat.objects.get(pk=seats[0].pk).state == SeatState.INVITED
    assert not AuditEvent.objects.filter(action="panel_decline").exists()


def test_no_decline_after_accepting_nor_twice(town):  # noqa: F811
    _panel, seats = drawn(town)
    accept_pledge(seat=seats[0], by=user_of(seats[0]))
    with pytest.raises(InvalidState, match="不能再谢绝"):
        decline_seat(seat=seats[0], by=user_of(seats[0]), reason="改变主意。")
    decline_seat(seat=seats[1], by=user_of(seats[1]), reason="有事。")
    with pytest.raises(InvalidState, match="您已谢绝此次评审"):
        decline_seat(seat=seats[1], by=user_of(seats[1]), reason="再次。")
    with pytest.raises(InvalidState, match="此席位当前为“已谢绝”"):
        accept_pledge(seat=seats[1], by=user_of(seats[1]))
    assert AuditEvent.objects.filter(action="panel_decline").count() == 1


def test_nobody_acts_on_another_s_seat(town):  # noqa: F811
    _panel, seats = drawn(town)
    for stranger in [user_of(seats[1]), user_of(seats[3]), town.city.city, town.city.city_head, town.head]:
        with pytest.raises(NotFound):
            accept_pledge(seat=seats[0], by=stranger)
        with pytest.raises(NotFound):
            decline_seat(seat=seats[0], by=stranger, reason="冒名。")
        with pytest.raises(NotFound):
            selectors.seat_items(stranger, seats[0])
    assert Seat.objects.get(pk=seats[0].pk).state == SeatState.INVITED


def test_a_closed_panel_takes_no_pledge_and_its_items_may_have_a_new_panel(town):  # noqa: F811
    panel, seats = drawn(town)
    close_panel(panel=panel, by=town.city.city)
    with pytest.raises(InvalidState, match="该评审组已结束"):
        accept_pledge(seat=seats[0], by=user_of(seats[0]))
    with pytest.raises(InvalidState, match="该评审组已结束"):
        close_panel(panel=panel, by=town.city.city)
    assert selectors.current_panel(selectors.items_of(panel)[0]) is None
    again, _ = drawn(town, items=selectors.items_of(panel))
    assert selectors.current_panel(selectors.items_of(panel)[0]) == again
