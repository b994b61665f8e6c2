"""数据采集 in a real browser (Debian's chromium, zh-CN): a school head files the 小学's figures on
the page (骨干 teachers above the teachers is refused in Chinese on that field, nothing saved),
then the 督导室 reads 和平区's results: the tables and the ECharts chart, drawn under the
Content-Security-Policy with no violation, holding the tables' 差异系数. Screenshots at 1280 and 390 px."""

import os

import pytest

from tests.e2e.test_csp_browser import Violations
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session
from tests.workflows.inspection.figures.conftest import GOOD, target, town  # noqa: F401
from tests.workflows.inspection.figures.test_api import _file_district_a
from workflows.inspection.figures.models import FigureReturn

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DRAWN = """() => { const el = document.querySelector('figure.figures-chart .plot');
  const option = echarts.getInstanceByDom(el).getOption();
  return option.series.map(s => ({name: s.name, data: s.data})); }"""


def test_a_school_files_and_the_office_reads_the_chart(browser, live_server, town):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    for user in (town.city.head, town.inspector_office):
        user.set_password(PASSWORD)
        user.save()
    head = Session(browser, live_server, town.city.head.username)
    try:
        page = head.page
        head.open("/work/todo/")
        page.get_by_role("link", name="数据采集").click()
        page.get_by_role("link", name="2021年义务教育优质均衡资源配置").click()
        page.get_by_role("link", name="和平一校").click()
        for code, value in {**GOOD, "backbone_teachers": "81"}.items():
            page.locator(f"#id_primary-{code}").fill(value)
        page.get_by_role("button", name="保存").click()
        assert "县级及以上骨干教师数不能多于专任教师数。" in page.inner_text("main")
        assert not FigureReturn.objects.exists()
        page.locator("#id_primary-backbone_teachers").fill("15")
        for viewport in (DESKTOP, PHONE):
            head.shoot("figures-form", viewport)
        page.get_by_role("button", name="保存").click()
        assert "已保存和平一校（小学）的数据。" in page.inner_text("main")
        assert FigureReturn.objects.get().values["backbone_teachers"] == "15"
    finally:
        head.close()

    FigureReturn.objects.all().delete()
    _file_district_a(town)
    office = Session(browser, live_server, town.inspector_office.username)
    violations = Violations(office.context)
    try:
        page = office.page
        office.open(f"/work/figures/{town.balanced.pk}/")
        page.locator("figure.figures-chart canvas").first.wait_for()
        main = page.inner_text("main")
        assert "未达到义务教育优质均衡资源配置标准。" in main and "校际差异系数（按学生数加权）" in main
        series = page.evaluate(DRAWN)
        assert [s["name"] for s in series] == ["差异系数", "上限", "差异系数", "上限"]
        assert 0.5 in series[2]["data"] and series[3]["data"] == [0.45] * 7  # 初中: the 生均体育运动场馆 CV 0.5000
        for viewport in (DESKTOP, PHONE):
            office.shoot("figures-results", viewport)
        violations.none_on(page, "figures-results")
    finally:
        office.close()
