"""Races on panels against the real PostgreSQL, in real threads: two draws of the same item at once
open one panel (the other is told: 409); a draw of a batch racing a draw of one of its items, the
same; two members declining at once call two different reserves."""

import pytest

from core.audit.models import AuditEvent
from tests.threads import run_together
from tests.workflows.engine.experts.helpers import application, outside_experts, town  # noqa: F401
from workflows.engine.exceptions import Conflict
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.models import Panel, PanelItem

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
