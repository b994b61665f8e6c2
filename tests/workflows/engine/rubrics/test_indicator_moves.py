"""Reordering indicators (indicator_edits.move_indicator): one place up or down among its siblings,
audited, refused at the edge and on a frozen version with nothing written; an indicator moved under
another parent goes last there. Siblings with equal orders (rows written before the move existed)
still move."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from tests.workflows.engine.rubrics.helpers import school_rubric
from workflows.engine.rubrics.indicator_edits import edit_indicator, move_indicator
from workflows.engine.rubrics.models import Indicator
from workflows.engine.rubrics.services import RubricFrozen, rubric_tree, use_rubric

pytestmark = pytest.mark.django_db


def codes(rubric):
    return [spec.code for spec in rubric_tree(rubric).indicators]


def test_an_indicator_moves_among_its_siblings_only(city):
    rubric = school_rubric(city.department, city.city)
    move_indicator(indicator=rubric.indicators.get(code="B"), by=city.city, direction="up")
    assert codes(rubric) == ["B", "B1", "B2", "A", "A1", "A2"]
    move_indicator(indicator=rubric.indicators.get(code="B1"), by=city.city, direction="down")
    assert codes(rubric) == ["B", "B2", "B1", "A", "A1", "A2"]
    event = AuditEvent.objects.filter(object_id=str(rubric.pk), action="rubric_indicator_move").order_by("-seq").first()
    assert event.data == {"code": "B1", "direction": "down", "siblings": ["B2", "B1"]}


@pytest.mark.parametrize(("code", "direction", "message"), [
    ("A", "up", "“办学条件”已经排在同级的最前面。"),
    ("A2", "down", "“设备”已经排在同级的最后面。"),
])
def test_a_move_past_the_edge_is_refused_and_nothing_is_written(city, code, direction, message):
    rubric = school_rubric(city.department, city.city)
    before = (list(Indicator.objects.values("code", "order")), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        move_indicator(indicator=rubric.indicators.get(code=code), by=city.city, direction=direction)
    assert caught.value.messages == [message]
    with pytest.raises(ValidationError) as caught:
        move_indicator(indicator=rubric.indicators.get(code=code), by=city.city, direction="left")
    assert caught.value.message_dict == {"direction": ["移动方向只能是上移或下移。"]}
    assert (list(Indicator.objects.values("code", "order")), AuditEvent.objects.count()) == before


def test_siblings_with_equal_orders_still_move(city):
    rubric = school_rubric(city.department, city.city)
    rubric.indicators.filter(parent__code="A").update(order=0)
    move_indicator(indicator=rubric.indicators.get(code="A2"), by=city.city, direction="up")
    assert codes(rubric)[:3] == ["A", "A2", "A1"]


def test_a_frozen_version_refuses_a_move(city):
    rubric = school_rubric(city.department, city.city)
    use_rubric(rubric=rubric, user="批次")
    with pytest.raises(RubricFrozen):
        move_indicator(indicator=rubric.indicators.get(code="B"), by=city.city, direction="up")
    assert codes(rubric) == ["A", "A1", "A2", "B", "B1", "B2"]


def test_an_indicator_given_a_new_parent_goes_last_under_it(city):
    rubric = school_rubric(city.department, city.city)
    edit_indicator(indicator=rubric.indicators.get(code="A1"), by=city.city, parent="B")
    assert codes(rubric) == ["A", "A2", "B", "B1", "B2", "A1"]
    edit_indicator(indicator=rubric.indicators.get(code="A1"), by=city.city, parent=None)
    assert codes(rubric) == ["A", "A2", "B", "B1", "B2", "A1"]
    assert rubric_tree(rubric).by_code()["A1"].parent is None
