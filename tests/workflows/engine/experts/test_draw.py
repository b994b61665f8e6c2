"""Drawing a panel: who is drawn and why others were not (回避), the recorded seed and its replay,
load balancing within a campaign, panels for a group of items, and the audit."""

import pytest

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.experts.helpers import PRIMARY_MATHS, application, expert, outside_experts, town  # noqa: F401
from workflows.engine.experts import lots, selectors
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.models import PanelItem, Seat, SeatState
from workflows.engine.experts.pool import add_conflict, add_expert
from workflows.engine.experts.pool_models import ConflictReason

pytestmark = pytest.mark.django_db


def test_a_draw_seats_members_and_reserves_with_a_chair(town):  # noqa: F811
    outside_experts(town, 5)
    item = application(town)
    panel = draw_panel(items=[item], size=3, reserves=2, by=town.city.city)
    seats = selectors.seats_of(panel)
    assert [seat.state for seat in seats] == [SeatState.INVITED] * 3 + [SeatState.RESERVE] * 2
    assert [seat.position for seat in seats] == [1, 2, 3, 4, 5]
    assert selectors.chair(panel) == seats[0]
    assert selectors.current_panel(item) == panel and selectors.items_of(panel) == [item]
    assert panel.title == "“新优质学校申报”专家评审组" and "保密" in panel.pledge_text
    # Only the members are told; nobody may score before accepting the pledge.
    told = Notification.objects.filter(kind="panel_invited")
    assert {n.recipient_id for n in told} == {seat.expert.user_id for seat in seats[:3]}
    assert selectors.scorers(item) == []


def test_experts_of_the_item_s_organisation_district_and_conflicts_are_excluded_with_reasons(town):  # noqa: F811
    own = expert(town, "本校专家", town.school_a)
    district = expert(town, "区教育局专家", town.district_a)
    conflicted = expert(town, "曾任职专家", town.school_c1)
    add_conflict(expert=conflicted, organisation=town.district_a, reason=ConflictReason.FORMER_SCHOOL,
                 by=town.city.city)
    free = outside_experts(town, 3)
    item = application(town)
    panel = draw_panel(items=[item], size=3, by=town.city.city)
    record = selectors.draw_record(panel)
    reasons = {entry["expert"]: [r["code"] for r in entry["reasons"]] for entry in record["excluded"]}
    assert reasons == {own.pk: [lots.OWN_ORGANISATION], district.pk: [lots.DISTRICT], conflicted.pk: [lots.CONFLICT]}
    detail = next(e for e in record["excluded"] if e["expert"] == conflicted.pk)["reasons"][0]["detail"]
    assert detail == "曾任职单位：和平区"
    assert {seat.expert_id for seat in selectors.seats_of(panel)} == {e.pk for e in free}


def test_the_submitter_never_reviews_their_own_application(town):  # noqa: F811
    outside_experts(town, 3)
    head_as_expert = add_expert(department=town.department, user=town.head, home=town.school_d1, by=town.city.city,
                                fields=PRIMARY_MATHS)
    panel = draw_panel(items=[application(town)], size=3, by=town.city.city)
    excluded = {e["expert"]: e["reasons"] for e in selectors.draw_record(panel)["excluded"]}
    assert [r["code"] for r in excluded[head_as_expert.pk]] == [lots.SUBMITTER]


def test_the_recorded_seed_replays_the_draw(town):  # noqa: F811
    outside_experts(town, 8)
    panel = draw_panel(items=[application(town)], size=3, reserves=2, by=town.city.city)
    record = selectors.draw_record(panel)
    assert record["seed"] == panel.seed
    loads = {expert_id: load for expert_id, load in record["candidates"]}
    members, reserves = lots.replay(candidates=list(loads), loads=loads, seed=panel.seed, size=3, reserves=2)
    assert (members, reserves) == (record["members"], record["reserve_list"])
    seats = selectors.seats_of(panel)
    assert [seat.expert_id for seat in seats] == members + reserves


def test_required_fields_narrow_the_pool(town):  # noqa: F811
    maths = outside_experts(town, 3)
    outside_experts(town, 3, fields={"stage": ["初中"], "subject": ["数学"]})
    fields = maths[0].fields.all()
    panel = draw_panel(items=[application(town)], size=3, fields=list(fields), by=town.city.city)
    assert {seat.expert_id for seat in selectors.seats_of(panel)} == {e.pk for e in maths}
    assert sorted(selectors.draw_record(panel)["fields"]) == ["学段：小学", "学科：数学"]


def test_load_is_balanced_within_a_campaign(town):  # noqa: F811
    pool = outside_experts(town, 6)
    campaign = make_campaign(owner_department=town.department)
    for n in range(4):
        draw_panel(items=[application(town, title=f"申报{n}")], size=3, campaign=campaign, by=town.city.city)
    loads = [Seat.objects.filter(expert=e, panel__campaign=campaign).count() for e in pool]
    assert sorted(loads) == [2] * 6
    # Another campaign starts from nothing: its first draw is among all six again.
    other = make_campaign(owner_department=town.department, name="第二批")
    panel = draw_panel(items=[application(town, title="第二批申报")], size=3, campaign=other, by=town.city.city)
    assert {e[1] for e in selectors.draw_record(panel)["candidates"]} == {0}


def test_a_group_panel_reviews_a_batch_and_excludes_for_every_item(town):  # noqa: F811
    in_b = expert(town, "沈河专家", town.school_b)
    outside_experts(town, 3)
    items = [application(town, title="和平申报"), application(town, school=town.school_b, title="沈河申报")]
    panel = draw_panel(items=items, size=3, by=town.city.city)
    assert selectors.items_of(panel) == sorted(items, key=lambda item: item.pk)
    assert panel.title == "“和平申报”等2项专家评审组"
    excluded = {e["expert"] for e in selectors.draw_record(panel)["excluded"]}
    assert in_b.pk in excluded
    assert PanelItem.objects.filter(panel=panel, current=True).count() == 2


def test_the_draw_is_audited_with_everything_needed_to_check_it(town):  # noqa: F811
    outside_experts(town, 4)
    expert(town, "本校专家", town.school_a)
    item = application(town)
    panel = draw_panel(items=[item], size=3, reserves=1, by=town.city.city)
    event = AuditEvent.objects.get(action="panel_drawn")
    assert event.actor == town.city.city and event.organisation == town.department
    assert set(event.data) >= {"seed", "size", "reserves", "items", "fields", "candidates", "members",
                               "reserve_list", "excluded"}
    assert event.data["items"] == [item.pk] and len(event.data["candidates"]) == 4
    assert event.data["excluded"][0]["name"] == "本校专家"
    assert panel.drawn_by == town.city.city
