"""The department's close ends the panel (it used to stay open for good: its experts kept a seat to
score on and the item kept a current panel): a panel of one item closes with that item's result,
a batch's panel with its last item's; the sheets, the overview and the result stay readable."""

from decimal import Decimal as D

import pytest

from core.audit.models import AuditEvent
from workflows.engine.exceptions import InvalidState
from tests.sampleapp.scoring import scored_create, scored_submit
from tests.workflows.engine.experts.helpers import outside_experts
from tests.workflows.engine.rubrics.helpers import school_rubric
from tests.workflows.engine.scoring.helpers import lines, scoring, town  # noqa: F401
from workflows.engine.experts import selectors
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.models import Panel
from workflows.engine.experts.seats import accept_pledge
from workflows.engine.scoring import rules
from workflows.engine.scoring import selectors as scoring_selectors
from workflows.engine.scoring.services import close_scoring, save_draft, submit_sheet


def _all_score(item, experts, scores=(18, 18, 9, 36)):
    for user in experts:
        save_draft(item=item, by=user, lines=lines(*scores))
        submit_sheet(item=item, by=user)


def test_closing_the_result_closes_a_one_item_panel(scoring, town):  # noqa: F811
    item, experts = scoring
    panel = selectors.current_panel(item)
    _all_score(item, experts)
    close_scoring(item=item, by=town.city.city)
    panel.refresh_from_db()
    assert panel.closed_at is not None
    assert AuditEvent.objects.filter(action="panel_closed", object_id=str(panel.pk)).count() == 1
    assert selectors.current_panel(item) is None and selectors.scorers(item) == []
    assert not any(selectors.may_score(user, item) for user in experts)
    # the department still reads every sheet, the states and the result after the close
    view = scoring_selectors.overview(town.city.city, item)
    assert [state["state"] for state in view.states] == ["submitted"] * 5 and len(view.sheets) == 5
    assert rules.all_submitted(item)
    table = scoring_selectors.result_table(town.city.city, item)
    assert table.total == D(90) and table.experts == [user.full_name for user in experts]


def test_a_batch_panel_stays_open_until_its_last_item_is_closed(town):  # noqa: F811
    school_rubric(town.department, town.city.city)
    items = []
    for school, head in ((town.school_a, town.head), (town.school_b, town.head_b)):
        item = scored_create(organisation=school, owner_department=town.department, by=head, title="新优质学校")
        scored_submit(item=item, by=head)
        items.append(item)
    outside_experts(town, 3)
    panel = draw_panel(items=items, size=3, reserves=0, by=town.city.city)
    experts = [seat.expert.user for seat in selectors.seats_of(panel)]
    for seat in selectors.seats_of(panel):
        accept_pledge(seat=seat, by=seat.expert.user)
    for item in items:
        _all_score(item, experts)

    close_scoring(item=items[0], by=town.city.city)
    assert Panel.objects.get(pk=panel.pk).closed_at is None  # the second school is still being scored
    assert selectors.may_score(experts[0], items[1])
    close_scoring(item=items[1], by=town.city.city)
    assert Panel.objects.get(pk=panel.pk).closed_at is not None


def test_an_open_panel_is_not_closed_by_a_refused_close(scoring, town):  # noqa: F811
    item, experts = scoring
    _all_score(item, experts[:-1])
    with pytest.raises(InvalidState, match="还有专家未提交"):
        close_scoring(item=item, by=town.city.city)
    assert selectors.current_panel(item).closed_at is None
