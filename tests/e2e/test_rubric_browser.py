"""评分指标 in a real browser (Debian's chromium), in Chinese: the department's reviewer opens
评分指标 from the navigation, creates 幼儿园星级评定, builds two levels of indicators (a group
with two under it, then a top-level one), moves one up, sets the star bands (an overlap refused
with the reason first, nothing saved), and sees a frozen version read-only with its copy act.
Screenshots at 1280 and 390 px in test-artifacts/."""

import os

import pytest

from tests.city import build_city
from tests.e2e.test_login_browser import ARTIFACTS, assert_drawn_in_cjk_font, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session
from workflows.engine.rubrics.models import GradeBand, Rubric
from workflows.engine.rubrics.services import use_rubric
from workflows.engine.rubrics.tree import rubric_tree

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INDICATORS = [("B", "保育教育", "600", "", "以游戏为基本活动"), ("B1", "一日生活", "300", "B", "作息合理，保教结合"),
              ("B2", "游戏活动", "300", "B", ""), ("A", "办园条件", "400", "", "园舍、场地与设备")]
BANDS = [("五星", "900", ""), ("四星", "850", "899"), ("三星", "750", "849"), ("二星", "650", "749"), ("一星", "550", "649")]


def fill_bands(page, bands):
    for n, (label, low, high) in enumerate(bands, start=1):
        page.get_by_label(f"第{n}个等级名称", exact=True).fill(label)
        page.get_by_label(f"第{n}个等级最低分", exact=True).fill(low)
        page.get_by_label(f"第{n}个等级最高分", exact=True).fill(high)


def test_a_department_builds_a_rubric_in_a_browser(browser, live_server):  # noqa: F811
    city = build_city()
    city.city.set_password(PASSWORD)
    city.city.save()
    ARTIFACTS.mkdir(exist_ok=True)
    staff = Session(browser, live_server, city.city.username)
    try:
        page = staff.page
        staff.open("/work/todo/")
        page.locator("nav.worknav").get_by_role("link", name="评分指标").click()
        page.wait_for_url(f"{live_server.url}/work/rubrics/")
        assert_drawn_in_cjk_font(page, "h1", "基础教育处评分指标")
        create = page.locator("#create form")
        create.get_by_label("名称", exact=True).fill("幼儿园星级评定")
        create.get_by_label("年度", exact=True).fill("2026")
        create.get_by_role("button", name="新建").click()
        assert "已新建评分指标" in page.inner_text("main")
        rubric = Rubric.objects.get()

        for code, name, top, parent, guidance in INDICATORS:
            form = page.locator("#add-indicator")
            form.get_by_label("编号").fill(code)
            form.get_by_label("指标名称").fill(name)
            form.get_by_label("满分").fill(top)
            form.get_by_label("评分说明").fill(guidance)
            if parent:
                form.get_by_label("上级指标").select_option(parent)
            form.get_by_role("button", name="添加指标").click()
            assert f"已添加指标“{code} {name}”" in page.inner_text("main")
        page.get_by_role("button", name="上移办园条件").click()
        assert [s.code for s in rubric_tree(rubric).indicators] == ["A", "B", "B1", "B2"]

        fill_bands(page, [("一星", "550", "660"), ("二星", "650", "749")])
        page.get_by_role("button", name="保存等级划分").click()
        assert "等级“一星”与“二星”的分数范围重叠。" in page.locator("#bands-form").inner_text()
        assert not GradeBand.objects.exists()
        staff.shoot("rubric-bands-refused", DESKTOP)
        fill_bands(page, BANDS)
        page.get_by_role("button", name="保存等级划分").click()
        assert "已保存等级划分（5个等级）" in page.inner_text("main")
        tree = page.locator("table.rubric-tree").inner_text()
        assert "作息合理，保教结合" in tree and "（分组：按其下指标评分）" in tree
        assert page.locator("#full-total").inner_text() == "1000"
        for viewport in (DESKTOP, PHONE):
            staff.shoot("rubric-edit", viewport)

        use_rubric(rubric=rubric, user="2026年度幼儿园星级评定")
        staff.open(f"/work/rubrics/{rubric.pk}/")
        assert "使用方：2026年度幼儿园星级评定" in page.locator("#frozen-notice").inner_text()
        assert page.locator("#add-indicator").count() == 0
        for viewport in (DESKTOP, PHONE):
            staff.shoot("rubric-frozen", viewport)
        page.get_by_role("button", name="复制为新版本").click()
        assert "已复制为幼儿园星级评定（2026年第2版）" in page.inner_text("main")
        assert page.locator("#add-indicator").count() == 1
    finally:
        staff.close()
    assert [r.version for r in Rubric.objects.order_by("version")] == [1, 2]
