"""专家评分 over the API: the same acts and the same rules as the pages. An expert reads, drafts and
submits their own sheet; bad scores are 400 with the Chinese reason and write nothing; an excluded
expert is 403; strangers 404; the scores stay hidden until all are in; the chair returns a sheet;
the department closes and reads the result."""

from decimal import Decimal as D

import pytest

from tests.workflows.api.helpers import client_for
from tests.workflows.engine.scoring.helpers import lines, scoring, town  # noqa: F401
from workflows.engine.experts import selectors as panels
from workflows.engine.experts.pool import add_conflict
from workflows.engine.scoring.models import ScoreLine, ScoreSheet, ScoringResult, SheetState

pytestmark = pytest.mark.django_db

TOTALS = [(20, 20, 10, 40), (18, 18, 9, 36), (16, 16, 8, 30), (10, 10, 5, 20), (19, 19, 9, 38)]


def sheet_url(item, end=""):
    return f"/api/v1/scoring/{item.pk}/sheet/{end}"


def test_an_expert_drafts_and_submits_over_the_api(scoring):  # noqa: F811
    item, experts = scoring
    api = client_for(experts[0])
    got = api.get(sheet_url(item)).json()
    assert got["editable"] and got["sheet"] is None
    assert [(row["code"], row["leaf"]) for row in got["rows"]] == [("A", False), ("A1", True), ("A2", True),
                                                                   ("B", False), ("B1", True), ("B2", True)]
    assert got["rows"][1]["guidance"] == "生均面积达标" and got["rows"][1]["max_score"] == "20.00"
    saved = api.post(sheet_url(item), {"lines": {"A1": {"score": "18", "comment": "达标"}}}, format="json")
    assert saved.status_code == 200 and saved.json()["sheet"]["state"] == "draft"
    short = api.post(sheet_url(item, "submit/"), {}, format="json")
    assert short.status_code == 400 and "请为“设备”打分" in str(short.json()["fields"])
    done = api.post(sheet_url(item, "submit/"), {"lines": lines(18, 19, 9, 36)}, format="json")
    assert done.status_code == 200 and done.json()["sheet"]["total"] == "91.00" and not done.json()["editable"]
    again = api.post(sheet_url(item), {"lines": {"A1": {"score": "1"}}}, format="json")
    assert again.status_code == 409 and "您已提交评分表" in again.json()["detail"]


@pytest.mark.parametrize("bad, message", [
    ({"A1": {"score": "21"}}, "0至20分之间"), ({"Z9": {"score": "1"}}, "不是本评分指标中的指标"),
    ({"A1": {"score": "很好"}}, "必须是数字"), ({"B": {"score": "3"}}, "是指标分组"),
])
def test_bad_scores_are_400_and_write_nothing(scoring, bad, message):  # noqa: F811
    item, experts = scoring
    answer = client_for(experts[0]).post(sheet_url(item), {"lines": {**bad, "A2": {"score": "5"}}}, format="json")
    assert answer.status_code == 400 and message in str(answer.json()["fields"])
    assert not ScoreLine.objects.exists()


def test_the_excluded_the_strangers_and_the_anonymous_are_refused(scoring, town):  # noqa: F811
    item, experts = scoring
    expert = panels.scorers(item)[0].expert
    add_conflict(expert=expert, organisation=town.school_a, reason="relative", by=town.city.city)
    excluded = client_for(expert.user).post(sheet_url(item), {"lines": {"A1": {"score": "5"}}}, format="json")
    assert excluded.status_code == 403 and "回避" in excluded.json()["detail"]
    for user in [town.head, town.reviewer, town.head_b]:
        api = client_for(user)
        for url in [sheet_url(item), f"/api/v1/scoring/{item.pk}/", f"/api/v1/scoring/{item.pk}/result/"]:
            assert api.get(url).status_code == 404, (user, url)
        assert api.post(sheet_url(item), {"lines": {"A1": {"score": "5"}}}, format="json").status_code == 404
        assert api.post(f"/api/v1/scoring/{item.pk}/close/").status_code == 404
    assert client_for(None).get(sheet_url(item)).status_code == 401
    assert not ScoreSheet.objects.exists()


def test_scores_stay_hidden_until_all_are_in_then_the_chair_returns_and_the_department_closes(scoring, town):  # noqa: F811
    item, experts = scoring
    for user, scores in zip(experts, TOTALS):
        client_for(user).post(sheet_url(item, "submit/"), {"lines": lines(*scores)}, format="json")
        if user != experts[-1]:
            seen = client_for(user).get(f"/api/v1/scoring/{item.pk}/").json()
            assert [sheet["expert_name"] for sheet in seen["sheets"]] == [user.full_name]
            assert not client_for(town.city.city).get(f"/api/v1/scoring/{item.pk}/").json()["sheets"]
            assert client_for(town.city.city).get(f"/api/v1/scoring/{item.pk}/result/").status_code == 409
    department = client_for(town.city.city)
    overview = department.get(f"/api/v1/scoring/{item.pk}/").json()
    assert overview["all_submitted"] and len(overview["sheets"]) == 5
    chair = panels.chair(panels.current_panel(item)).expert.user
    wrong = ScoreSheet.objects.get(expert__user=experts[3])
    other = next(user for user in experts if user != chair)
    assert client_for(other).post(f"/api/v1/score-sheets/{wrong.pk}/return/", {"reason": "改"},
                                  format="json").status_code == 404
    blank = client_for(chair).post(f"/api/v1/score-sheets/{wrong.pk}/return/", {"reason": " "}, format="json")
    assert blank.status_code == 400 and "请填写退回理由" in str(blank.json())
    returned = client_for(chair).post(f"/api/v1/score-sheets/{wrong.pk}/return/", {"reason": "请核对B2"}, format="json")
    assert returned.status_code == 200 and returned.json()["state"] == SheetState.RETURNED
    assert department.post(f"/api/v1/scoring/{item.pk}/close/").status_code == 409
    client_for(experts[3]).post(sheet_url(item, "submit/"), {"lines": {"B2": {"score": "30"}}}, format="json")
    closed = department.post(f"/api/v1/scoring/{item.pk}/close/")
    assert closed.status_code == 200
    result = closed.json()
    assert result["confirmed"] and result["total"] == "87.33" and result["passed"]
    assert result["dropped"] == ["100.00", "60.00"] and len(result["experts"]) == 5
    assert result["rows"][1]["row"]["code"] == "A1" and result["rows"][1]["average"] == "16.60"
    assert ScoringResult.objects.get().total == D("87.33")
    assert department.get(f"/api/v1/scoring/{item.pk}/result/").json() == result
