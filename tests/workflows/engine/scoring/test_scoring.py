"""The scoring step on the sample ScoringFlow: a panel of five is drawn, one member declines and a
reserve steps in, everyone pledges and scores, the chair returns one sheet and it is corrected,
the department closes and the trimmed mean's verdict moves the item. Refusals write nothing."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.workflows.engine.scoring.helpers import lines, scoring, town  # noqa: F401
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.experts import selectors
from workflows.engine.experts.pool import add_conflict
from workflows.engine.scoring import rules
from workflows.engine.scoring.models import ScoreLine, ScoreSheet, ScoringResult, SheetState
from workflows.engine.scoring.services import close_scoring, return_sheet, save_draft, submit_sheet


def test_the_panel_scores_and_the_trimmed_mean_passes_the_item(scoring, town):  # noqa: F811
    item, experts = scoring
    assert len(experts) == 5
    totals = [(20, 20, 10, 40), (18, 18, 9, 36), (16, 16, 8, 30), (10, 10, 5, 20), (19, 19, 9, 38)]
    for user, scores in zip(experts, totals):
        save_draft(item=item, by=user, lines=lines(*scores))
        submit_sheet(item=item, by=user)
    chair = selectors.chair(selectors.current_panel(item)).expert.user
    wrong = ScoreSheet.objects.get(item=item, expert__user=experts[3])
    return_sheet(sheet=wrong, by=chair, reason="B2评分与评语不符，请核对")
    assert Notification.objects.filter(recipient=experts[3], kind="score_sheet_returned").exists()
    assert not rules.all_submitted(item)
    with pytest.raises(InvalidState):
        close_scoring(item=item, by=town.city.city)
    save_draft(item=item, by=experts[3], lines={"B2": {"score": 30, "comment": "已更正"}})
    assert ScoreSheet.objects.get(pk=wrong.pk).state == SheetState.RETURNED
    submit_sheet(item=item, by=experts[3])
    assert Notification.objects.filter(kind="scores_submitted").exists()

    result = close_scoring(item=item, by=town.city.city)
    # B1 counts twice: totals 100, 90, 78, 60 (corrected from 50), 94; 100 and 60 are dropped
    sheet_totals = sorted(D(s["total"]) for s in result.computation["sheets"])
    assert sheet_totals == [D(60), D(78), D(90), D(94), D(100)]
    assert result.computation["dropped"] == ["100.00", "60.00"]
    assert result.total == D("87.33") and result.passed
    item.refresh_from_db()
    assert item.status == "approved"
    assert AuditEvent.objects.filter(action="scoring_closed", object_id=str(item.pk)).exists()
    assert AuditEvent.objects.filter(action="scoring_return").count() == 1


def test_a_low_mean_rejects_the_item(scoring, town):  # noqa: F811
    item, experts = scoring
    for user in experts:
        save_draft(item=item, by=user, lines=lines(10, 10, 5, 20))
        submit_sheet(item=item, by=user)
    result = close_scoring(item=item, by=town.city.city)
    assert result.total == D(50) and not result.passed
    item.refresh_from_db()
    assert item.status == "rejected"


def test_others_scores_stay_hidden_until_all_have_submitted(scoring, town):  # noqa: F811
    item, experts = scoring
    for user in experts[:4]:
        save_draft(item=item, by=user, lines=lines(10, 10, 5, 20))
        submit_sheet(item=item, by=user)
    seen = rules.visible_sheets(experts[0], item)
    assert [sheet.expert.user for sheet in seen] == [experts[0]]
    assert rules.visible_sheets(town.city.city, item) == []
    with pytest.raises(NotFound):
        rules.visible_sheets(town.head, item)
    save_draft(item=item, by=experts[4], lines=lines(10, 10, 5, 20))
    submit_sheet(item=item, by=experts[4])
    assert len(rules.visible_sheets(experts[0], item)) == 5
    assert len(rules.visible_sheets(town.city.city, item)) == 5


@pytest.mark.parametrize("bad, message", [
    ({"A1": {"score": 21}}, "0至20"), ({"Z9": {"score": 1}}, "不是本评分指标"), ({"A": {"score": 1}}, "指标分组"),
    ({"A1": {"score": "很好"}}, "数字"),
])
def test_bad_scores_are_refused_and_nothing_is_written(scoring, bad, message):
    item, experts = scoring
    save_draft(item=item, by=experts[0], lines={"A2": {"score": 5}})
    with pytest.raises(ValidationError) as caught:
        save_draft(item=item, by=experts[0], lines={**bad, "A2": {"score": 6}})
    assert message in str(caught.value.message_dict)
    assert list(ScoreLine.objects.values_list("code", "score")) == [("A2", D(5))]


def test_an_incomplete_sheet_cannot_be_submitted(scoring):
    item, experts = scoring
    save_draft(item=item, by=experts[0], lines={"A1": {"score": 5}})
    with pytest.raises(ValidationError):
        submit_sheet(item=item, by=experts[0])
    assert ScoreSheet.objects.get().state == SheetState.DRAFT


def test_an_excluded_expert_cannot_score(scoring, town):  # noqa: F811
    item, experts = scoring
    expert = selectors.scorers(item)[0].expert
    add_conflict(expert=expert, organisation=town.school_a, reason="former_school", by=town.city.city)
    with pytest.raises(NotAllowed) as caught:
        save_draft(item=item, by=expert.user, lines={"A1": {"score": 5}})
    assert "回避" in str(caught.value)
    assert not ScoreSheet.objects.exists()


def test_strangers_cannot_score_return_or_close(scoring, town):  # noqa: F811
    item, experts = scoring
    with pytest.raises(NotFound):
        save_draft(item=item, by=town.head, lines={"A1": {"score": 5}})
    save_draft(item=item, by=experts[0], lines=lines(10, 10, 5, 20))
    submit_sheet(item=item, by=experts[0])
    chair = selectors.chair(selectors.current_panel(item)).expert.user
    not_chair = next(user for user in experts if user != chair)
    with pytest.raises(NotFound):
        return_sheet(sheet=ScoreSheet.objects.get(), by=not_chair, reason="x")
    with pytest.raises(NotFound):
        close_scoring(item=item, by=experts[0])
    with pytest.raises(InvalidState):
        save_draft(item=item, by=experts[0], lines={"A1": {"score": 1}})
    assert not ScoringResult.objects.exists()
