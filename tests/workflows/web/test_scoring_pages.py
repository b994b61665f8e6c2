"""The scoring pages in Chinese: the expert's sheet (draft, submit, every refusal with its message
and nothing written), the chair's return, the department's confirmation, result page, print view
and Excel export (the workbook holds what the page shows). Attacks: another expert, the school,
anonymous; nobody sees another's scores before every sheet is in."""

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.workflows.engine.scoring.helpers import lines, scored_item, scoring, town  # noqa: F401
from tests.workflows.web.conftest import client_for
from workflows.engine.experts import selectors as panels
from workflows.engine.experts.pool import add_conflict
from workflows.engine.scoring.models import ScoreLine, ScoreSheet, ScoringResult, SheetState
from workflows.engine.scoring.services import save_draft, submit_sheet

pytestmark = pytest.mark.django_db

TOTALS = [(20, 20, 10, 40), (18, 18, 9, 36), (16, 16, 8, 30), (10, 10, 5, 20), (19, 19, 9, 38)]


def form(a1, a2, b1, b2, action="draft"):
    return {"score-A1": a1, "score-A2": a2, "score-B1": b1, "score-B2": b2, "comment-A1": "校舍达标",
            "comment-B2": "", "action": action}


def all_scored(item, experts):
    for user, scores in zip(experts, TOTALS):
        save_draft(item=item, by=user, lines=lines(*scores))
        submit_sheet(item=item, by=user)


def test_an_expert_scores_saves_a_draft_and_submits(scoring):  # noqa: F811
    item, experts = scoring
    client = client_for(experts[0])
    page = client.get(reverse("workflows:score-sheet", args=[item.pk])).content.decode()
    for shown in ["评分表", "办学条件", "校舍", "生均面积达标", "0–20分", "0–10分", "权重 ×2", "保存草稿", "提交评分表"]:
        assert shown in page, shown
    saved = client.post(reverse("workflows:score-sheet-save", args=[item.pk]), form(18, "", "", ""))
    assert saved.status_code == 302
    assert "草稿已保存" in client.get(saved["Location"]).content.decode()
    assert dict(ScoreLine.objects.values_list("code", "score")) == {"A1": D(18), "A2": None, "B1": None, "B2": None}
    incomplete = client.post(reverse("workflows:score-sheet-save", args=[item.pk]), form(18, 19, "", "", "submit"))
    body = incomplete.content.decode()
    assert incomplete.status_code == 400 and "请为“课程”打分" in body and "草稿已保存，但还不能提交" in body
    done = client.post(reverse("workflows:score-sheet-save", args=[item.pk]), form(18, 19, 9, 36, "submit"))
    assert done.status_code == 302
    sheet = ScoreSheet.objects.get()
    assert sheet.state == SheetState.SUBMITTED and sheet.total == D(91)
    after = client.get(done["Location"]).content.decode()
    assert "评分表已提交" in after and "总分91.00分" in after and 'name="action"' not in after


@pytest.mark.parametrize("posted, message", [
    ({"score-A1": "21"}, "“校舍”的得分必须在0至20分之间，填写的是21"),
    ({"score-A1": "很好"}, "“校舍”的得分必须是数字"),
    ({"score-Z9": "5"}, "“Z9”不是本评分指标中的指标"),
    ({"score-A": "5"}, "“办学条件”是指标分组"),
])
def test_bad_scores_are_refused_in_chinese_and_nothing_is_written(scoring, posted, message):  # noqa: F811
    item, experts = scoring
    client = client_for(experts[0])
    answer = client.post(reverse("workflows:score-sheet-save", args=[item.pk]), {"score-A2": "5", **posted})
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not ScoreLine.objects.exists()


def test_a_submitted_sheet_cannot_be_changed(scoring):  # noqa: F811
    item, experts = scoring
    save_draft(item=item, by=experts[0], lines=lines(*TOTALS[0]))
    submit_sheet(item=item, by=experts[0])
    answer = client_for(experts[0]).post(reverse("workflows:score-sheet-save", args=[item.pk]), form(1, 1, 1, 1))
    assert answer.status_code == 409 and "您已提交评分表，不能再修改" in answer.content.decode()
    assert ScoreSheet.objects.get().total == D(100)


def test_an_excluded_expert_is_refused(scoring, town):  # noqa: F811
    item, experts = scoring
    expert = panels.scorers(item)[0].expert
    add_conflict(expert=expert, organisation=town.school_a, reason="former_school", by=town.city.city)
    client = client_for(expert.user)
    for answer in [client.get(reverse("workflows:score-sheet", args=[item.pk])),
                   client.post(reverse("workflows:score-sheet-save", args=[item.pk]), form(1, 1, 1, 1))]:
        assert answer.status_code == 403 and "您需回避该事项" in answer.content.decode()
    assert not ScoreSheet.objects.exists()


def test_strangers_cannot_read_or_write_a_sheet_or_the_results(scoring, town):  # noqa: F811
    item, experts = scoring
    save_draft(item=item, by=experts[0], lines=lines(*TOTALS[0]))
    sheet = ScoreSheet.objects.get()
    strangers = [client_for(town.head), client_for(town.reviewer), client_for(town.head_b), Client()]
    for client in strangers:
        for url in [reverse("workflows:score-sheet", args=[item.pk]), reverse("workflows:scoring", args=[item.pk]),
                    reverse("workflows:score-result", args=[item.pk]), reverse("workflows:score-excel", args=[item.pk])]:
            assert client.get(url).status_code in (302, 404), url
        for url in [reverse("workflows:score-sheet-save", args=[item.pk]), reverse("workflows:score-close", args=[item.pk]),
                    reverse("workflows:score-return", args=[sheet.pk])]:
            assert client.post(url, {**form(1, 1, 1, 1), "reason": "改"}).status_code in (302, 404), url
    # another expert of the same panel writes only their own sheet, never the first one's
    client_for(experts[1]).post(reverse("workflows:score-sheet-save", args=[item.pk]), form(2, 2, 2, 2))
    assert dict(ScoreLine.objects.filter(sheet=sheet).values_list("code", "score"))["A1"] == D(20)
    assert ScoreSheet.objects.count() == 2 and ScoringResult.objects.count() == 0


def test_nobody_sees_others_scores_before_every_sheet_is_in(scoring, town):  # noqa: F811
    item, experts = scoring
    for user, scores in zip(experts[:4], TOTALS):
        save_draft(item=item, by=user, lines=lines(*scores))
        submit_sheet(item=item, by=user)
    chair = panels.chair(panels.current_panel(item)).expert.user
    for user in [experts[0], experts[4], chair, town.city.city]:
        page = client_for(user).get(reverse("workflows:scoring", args=[item.pk])).content.decode()
        assert "全部专家提交后才显示" in page
        own = ScoreSheet.objects.filter(expert__user=user).first()
        for sheet in ScoreSheet.objects.exclude(pk=getattr(own, "pk", None)):
            assert f"<td data-label=\"总分\">{sheet.total}</td>" not in page, user
        assert "已提交" in page
    answer = client_for(town.city.city).get(reverse("workflows:score-result", args=[item.pk]))
    assert answer.status_code == 409 and "还有专家未提交评分表" in answer.content.decode()
    assert client_for(town.city.city).get(reverse("workflows:score-excel", args=[item.pk])).status_code == 409


def test_the_chair_returns_a_sheet_and_the_department_confirms(scoring, town):  # noqa: F811
    item, experts = scoring
    all_scored(item, experts)
    chair = panels.chair(panels.current_panel(item)).expert.user
    wrong = ScoreSheet.objects.get(expert__user=experts[3])
    no_reason = client_for(chair).post(reverse("workflows:score-return", args=[wrong.pk]), {"reason": " "})
    assert no_reason.status_code == 400 and "请填写退回理由" in no_reason.content.decode()
    not_chair = [user for user in experts if user != chair][0]
    assert client_for(not_chair).post(reverse("workflows:score-return", args=[wrong.pk]),
                                      {"reason": "改"}).status_code == 404
    assert ScoreSheet.objects.get(pk=wrong.pk).state == SheetState.SUBMITTED
    returned = client_for(chair).post(reverse("workflows:score-return", args=[wrong.pk]), {"reason": "B2评分偏低，请核对"})
    assert returned.status_code == 302 and ScoreSheet.objects.get(pk=wrong.pk).state == SheetState.RETURNED
    expert_page = client_for(experts[3]).get(reverse("workflows:score-sheet", args=[item.pk])).content.decode()
    assert "组长退回修改" in expert_page and "B2评分偏低，请核对" in expert_page
    department = client_for(town.city.city)
    early = department.post(reverse("workflows:score-close", args=[item.pk]))
    assert early.status_code == 409 and "还有专家未提交评分表" in early.content.decode()
    client_for(experts[3]).post(reverse("workflows:score-sheet-save", args=[item.pk]), form(10, 10, 5, 30, "submit"))
    closed = department.post(reverse("workflows:score-close", args=[item.pk]))
    assert closed.status_code == 302 and closed["Location"] == reverse("workflows:score-result", args=[item.pk])
    assert ScoringResult.objects.get().total == D("87.33")
    item.refresh_from_db()
    assert item.status == "approved"
    item_page = department.get(reverse("workflows:item", args=[item.pk])).content.decode()
    assert "已确认评分结果：87.33分" in item_page


def test_the_result_page_shows_every_score_and_the_excel_holds_the_same(scoring, town):  # noqa: F811
    item, experts = scoring
    all_scored(item, experts)
    department = client_for(town.city.city)
    preview = department.get(reverse("workflows:score-result", args=[item.pk])).content.decode()
    assert "尚未确认" in preview and "87.33" in preview
    department.post(reverse("workflows:score-close", args=[item.pk]))
    page = department.get(reverse("workflows:score-result", args=[item.pk])).content.decode()
    names = [user.full_name for user in experts]
    for shown in [*names, "去掉一个最高分和一个最低分", "100.00、90.00、78.00、50.00、94.00", "100.00、50.00",
                  "78.00、90.00、94.00", "87.33", "合格", "80.00", "校舍达标", "导出Excel"]:
        assert shown in page, shown
    book = load_workbook(BytesIO(department.get(reverse("workflows:score-excel", args=[item.pk])).content))
    cells = [[cell for cell in row] for row in book.active.iter_rows(values_only=True)]
    head = next(row for row in cells if row[0] == "编号")
    assert list(head[4:9]) == names and head[9] == "平均分"
    by_code = {row[0]: row for row in cells if row[0] in {"A", "A1", "A2", "B", "B1", "B2", "总分"}}
    assert [D(str(v)) for v in by_code["A1"][4:10]] == [D(20), D(18), D(16), D(10), D(19), D("16.6")]
    assert [D(str(v)) for v in by_code["B"][4:9]] == [D(60), D(54), D(46), D(30), D(56)]
    assert D(str(by_code["总分"][9])) == D("87.33")
    computation = {row[0]: row[1] for row in cells if row[0] and row[1] and row[2] is None}
    assert computation["去掉的分数"] == "100.00、50.00" and computation["评定结果"] == "合格"
    for value in computation.values():
        assert str(value) in page


def test_the_result_page_costs_the_same_for_a_bigger_panel(town):  # noqa: F811
    item, experts = scored_item(town, size=3)
    for user in experts:
        save_draft(item=item, by=user, lines=lines(10, 10, 5, 20))
        submit_sheet(item=item, by=user)
    department = client_for(town.city.city)
    with CaptureQueriesContext(connection) as small:
        department.get(reverse("workflows:score-result", args=[item.pk]))
    item2, experts2 = scored_item(town, size=6)
    for user in experts2:
        save_draft(item=item2, by=user, lines=lines(10, 10, 5, 20))
        submit_sheet(item=item2, by=user)
    with CaptureQueriesContext(connection) as big:
        department.get(reverse("workflows:score-result", args=[item2.pk]))
    assert len(big) == len(small) <= 30
