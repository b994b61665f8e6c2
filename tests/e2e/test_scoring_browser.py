"""专家评分 in a real browser (Debian's chromium), in Chinese: an expert finds the item on 我的评审,
opens the score sheet, is refused a score above the indicator's maximum (with the reason, nothing
saved), saves a draft, then submits; the department, once every sheet is in, confirms the result
and prints it (print media hides the navigation). Screenshots at 1280 and 390 px in test-artifacts/."""

import os
from decimal import Decimal as D

import pytest
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.e2e.test_login_browser import ARTIFACTS, assert_drawn_in_cjk_font, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session
from tests.workflows.engine.experts.helpers import build_pool_city
from tests.workflows.engine.scoring.helpers import lines, scored_item
from workflows.engine.scoring.models import ScoreLine, ScoreSheet, SheetState
from workflows.engine.scoring.services import save_draft, submit_sheet

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_expert_scores_in_a_browser(browser, live_server):  # noqa: F811
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    town = build_pool_city()
    item, experts = scored_item(town, size=3)
    for user in [experts[0], town.city.city]:
        user.set_password(PASSWORD)
        user.save()
    for user in experts[1:]:
        save_draft(item=item, by=user, lines=lines(16, 17, 8, 30))
        submit_sheet(item=item, by=user)
    ARTIFACTS.mkdir(exist_ok=True)

    expert = Session(browser, live_server, experts[0].username)
    try:
        expert.open("/work/reviews/")
        expert.page.get_by_role("link", name="评分表").first.click()
        expert.page.wait_for_url(f"{live_server.url}/work/scoring/{item.pk}/sheet/")
        assert_drawn_in_cjk_font(expert.page, "h1", "评分表")
        sheet = expert.page.locator("form.scoresheet")
        assert "生均面积达标" in sheet.inner_text() and "0–20分" in sheet.inner_text()
        expert.page.get_by_label("校舍得分").fill("25")
        expert.page.get_by_label("校舍评语").fill("校舍宽敞，生均面积达标")
        expert.page.get_by_role("button", name="保存草稿").click()
        assert "“校舍”的得分必须在0至20分之间，填写的是25。" in expert.page.locator("#row-A1").inner_text()
        assert not ScoreLine.objects.filter(sheet__expert__user=experts[0]).exists()
        expert.shoot("score-sheet-refused", DESKTOP)

        expert.page.get_by_label("校舍得分").fill("18")
        expert.page.get_by_label("设备得分").fill("17.5")
        expert.page.get_by_role("button", name="保存草稿").click()
        assert "草稿已保存" in expert.page.inner_text("main")
        assert expert.page.get_by_label("校舍评语").input_value() == "校舍宽敞，生均面积达标"
        expert.page.get_by_label("课程得分").fill("9")
        expert.page.get_by_label("学生发展得分").fill("36")
        for viewport in (DESKTOP, PHONE):
            expert.shoot("score-sheet", viewport)
        expert.page.get_by_role("button", name="提交评分表").click()
        assert "评分表已提交" in expert.page.inner_text("main")
        assert "总分89.50分" in expert.page.inner_text("main")
        expert.shoot("score-sheet-submitted", PHONE)
    finally:
        expert.close()
    sheet = ScoreSheet.objects.get(expert__user=experts[0])
    assert sheet.state == SheetState.SUBMITTED and sheet.total == D("89.50")

    department = Session(browser, live_server, town.city.city.username)
    try:
        department.open(f"/work/items/{item.pk}/")
        department.page.get_by_role("link", name="评审组评分情况").click()
        department.page.get_by_role("button", name="确认评分结果").click()
        department.page.wait_for_url(f"{live_server.url}/work/scoring/{item.pk}/result/")
        scores = department.page.locator("#scores").inner_text()
        assert "89.50" in scores and "17.50" in scores
        assert "合格" in department.page.locator("#computation").inner_text()
        for viewport in (DESKTOP, PHONE):
            department.shoot("score-result", viewport)
        department.page.emulate_media(media="print")
        assert not department.page.locator("nav.worknav").is_visible()
        assert department.page.locator("#scores").is_visible()
        department.page.screenshot(path=str(ARTIFACTS / "score-result-print.png"), full_page=True)
    finally:
        department.close()
