"""Draws that are refused, each with a clear Chinese error and nothing written: too small a panel,
a pool that cannot fill it (and the incident it raises), another department's items or staff, an
administrator, a draft, an item that has a panel already."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.incidents.models import Incident
from core.orgs.roles import Role
from notifications.models import Notification
from tests.factories import OrganisationFactory, person
from tests.sampleapp.services import sample_create
from tests.workflows.engine.experts.helpers import application, expert, outside_experts, town  # noqa: F401
from workflows.engine.services import withdraw_item
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.experts.draw import SHORT_INCIDENT, PanelShort, draw_panel
from workflows.engine.experts.models import Panel, PanelItem, Seat

pytestmark = pytest.mark.django_db


def nothing_written():
    assert not Panel.objects.exists() and not Seat.objects.exists() and not PanelItem.objects.exists()
    assert not AuditEvent.objects.filter(action="panel_drawn").exists()
    assert not Notification.objects.filter(kind="panel_invited").exists()


@pytest.mark.parametrize("size, reserves, message", [
    (2, 0, "评审组至少需要3名专家"), (0, 0, "评审组至少需要3名专家"), (3, -1, "候补人数不能为负数"),
    ("三", 0, "必须是整数"), (None, 0, "必须是整数"),
])
def test_a_panel_of_fewer_than_three_or_bad_numbers_is_refused(town, size, reserves, message):  # noqa: F811
    outside_experts(town, 4)
    with pytest.raises(ValidationError, match=message):
        draw_panel(items=[application(town)], size=size, reserves=reserves, by=town.city.city)
    nothing_written()


def test_no_items_is_refused(town):  # noqa: F811
    with pytest.raises(ValidationError, match="请选择要评审的事项"):
        draw_panel(items=[], size=3, by=town.city.city)


def test_a_pool_that_cannot_fill_the_panel_is_refused_and_raises_an_incident(town):  # noqa: F811
    outside_experts(town, 2)
    expert(town, "本校专家", town.school_a)  # in the pool, but excluded
    item = application(town)
    with pytest.raises(PanelShort, match="符合条件且无需回避的专家只有2人，评审组需要3人"):
        draw_panel(items=[item], size=3, by=town.city.city)
    nothing_written()
    incident = Incident.objects.get(kind=SHORT_INCIDENT)
    assert incident.title == "基础教育处专家库人数不足，未能抽取评审组"
    assert incident.payload == {"department": town.department.pk, "items": [item.pk], "found": 2, "need": 3}


def test_reserves_are_drawn_as_far_as_the_pool_goes(town):  # noqa: F811
    outside_experts(town, 4)
    panel = draw_panel(items=[application(town)], size=3, reserves=3, by=town.city.city)
    assert Seat.objects.filter(panel=panel).count() == 4


def test_another_department_s_staff_or_anyone_outside_it_may_not_draw(town):  # noqa: F811
    outside_experts(town, 4)
    item = application(town)
    other = OrganisationFactory.department(name="学前教育处", code="preschool")
    strangers = [person("pre_reviewer", Role.CITY_REVIEWER, other), town.reviewer, town.head,
                 person("expert_x", Role.EXPERT, town.school_c1), person("admin_x", Role.ADMIN, town.bureau)]
    for stranger in strangers:
        with pytest.raises(NotFound):
            draw_panel(items=[item], size=3, by=stranger)
    nothing_written()


def test_items_of_two_departments_are_not_one_panel(town):  # noqa: F811
    outside_experts(town, 4)
    other = OrganisationFactory.department(name="学前教育处", code="preschool")
    person("both", Role.CITY_REVIEWER, other)
    theirs = sample_create(organisation=town.school_a, owner_department=other, by=town.head, title="学前申报")
    with pytest.raises((NotFound, ValidationError)):
        draw_panel(items=[application(town), theirs], size=3, by=town.city.city)
    nothing_written()


def test_a_draft_is_out_of_sight_and_a_withdrawn_item_is_not_drawn_for(town):  # noqa: F811
    outside_experts(town, 4)
    draft = sample_create(organisation=town.school_a, owner_department=town.department, by=town.head, title="草稿")
    with pytest.raises(NotFound):
        draw_panel(items=[draft], size=3, by=town.city.city)
    withdrawn = withdraw_item(item=application(town), by=town.head, comment="材料有误")
    with pytest.raises(InvalidState, match="草稿或已撤回的事项不能抽取专家"):
        draw_panel(items=[withdrawn], size=3, by=town.city.city)
    nothing_written()


def test_an_item_with_a_current_panel_is_not_drawn_again(town):  # noqa: F811
    outside_experts(town, 8)
    item = application(town)
    draw_panel(items=[item], size=3, by=town.city.city)
    with pytest.raises(InvalidState, match="所选事项已有评审组"):
        draw_panel(items=[item, application(town, title="另一项")], size=3, by=town.city_head)
    assert Panel.objects.count() == 1 and PanelItem.objects.count() == 1


def test_a_campaign_of_another_department_is_refused(town):  # noqa: F811
    from tests.workflows.engine.campaign_helpers import make_campaign
    outside_experts(town, 4)
    campaign = make_campaign(owner_department=OrganisationFactory.department(name="学前教育处", code="preschool"))
    with pytest.raises(ValidationError, match="申报批次不属于该处室"):
        draw_panel(items=[application(town)], size=3, campaign=campaign, by=town.city.city)
    nothing_written()
