"""The 统计 page's charts in a real browser (Debian's chromium, Chinese), at 1280 and 390 px: ECharts,
from our own static files, draws under the Content-Security-Policy with no violation, and what
it draws is the numbers of the page's tables; the date filter narrows both. Screenshots:
test-artifacts/stats-charts*.png."""

import os

import pytest

from tests.e2e.test_csp_browser import Violations
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, able_to_sign_in
from tests.city import build_city
from tests.workflows.web.test_stats_charts import chart_data, some_history, tables_as_charts, without_labels

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What each drawn chart holds, read from ECharts itself: its categories and each series' numbers.
DRAWN = """() => [...document.querySelectorAll('figure.stats-chart .plot')].map(el => {
  const option = echarts.getInstanceByDom(el).getOption();
  const axis = [...option.xAxis, ...option.yAxis].find(a => a.type === 'category');
  return {chart: el.parentElement.dataset.chart, names: axis.data,
          series: option.series.map(s => ({name: s.name, data: s.data}))};
})"""


def drawn_as_data(drawn) -> dict:
    kinds = [{"districts": chart["names"], "series": chart["series"]} for chart in drawn if chart["chart"] == "kind"]
    steps = {chart["chart"]: chart for chart in drawn if chart["chart"] != "kind"}
    return {"kinds": kinds, "steps": {"names": steps["days"]["names"], "average_days": steps["days"]["series"][0]["data"],
                                      "on_time": steps["on_time"]["series"][0]["data"]}}


def test_the_charts_draw_the_tables_numbers(browser, live_server):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    city = build_city()
    able_to_sign_in(city, (("city", "赵处长"),))
    some_history(city)
    session = Session(browser, live_server, "city")
    violations = Violations(session.context)
    try:
        page = session.page
        session.open("/work/stats/")
        page.wait_for_load_state("networkidle")
        page.locator("figure.stats-chart canvas").first.wait_for()
        assert page.locator("figure.stats-chart canvas").count() == 3
        html = page.content()
        tables = tables_as_charts(html)
        drawn = drawn_as_data(page.evaluate(DRAWN))
        assert drawn == {"kinds": [{k: v for k, v in kind.items() if k != "title"} for kind in tables["kinds"]],
                         "steps": tables["steps"]}
        assert without_labels(chart_data(html)) == tables
        for viewport in (DESKTOP, PHONE):
            session.shoot("stats-charts", viewport)
        violations.none_on(page, "stats-charts")

        # The date range, chosen in the form: 和平区's two items only, in table and chart alike.
        page.locator("details.filters summary").click()
        page.get_by_label("创建日期从").fill(tables_since(city))
        page.get_by_role("button", name="统计", exact=True).click()
        page.wait_for_load_state("networkidle")
        page.locator("figure.stats-chart canvas").first.wait_for()
        assert "示例申报：共 2 件" in page.inner_text("main")
        assert drawn_as_data(page.evaluate(DRAWN))["kinds"][0]["districts"] == ["和平区"]
        session.shoot("stats-charts-filtered", PHONE)
        violations.none_on(page, "stats-charts-filtered")
    finally:
        session.close()


def tables_since(city) -> str:
    from workflows.engine.models import Item

    return min(item.created_at for item in Item.objects.filter(organisation=city.school_a)).date().isoformat()
