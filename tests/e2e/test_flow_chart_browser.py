"""The item page's 流程进度 and 流程图 in a real browser (Debian's chromium, Chinese), at 1280 and
390 px: the labels as drawn (their boxes measured in the page) overlap no other label, no step's
box and no line; the way the item went is marked green and its open step red; the bar says who
did what and whom the item waits for. Screenshots: test-artifacts/flow-chart-*.png."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, able_to_sign_in, people
from tests.workflows.engine.conftest import open_task
from workflows.engine import services

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# In the SVG's own units: each label's and step's box (getBBox) and each line's segments.
MEASURE = """() => {
  const svg = document.querySelector('.chart-scroll svg');
  const box = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const segments = [...svg.querySelectorAll('path.line')].flatMap(p => {
    const pts = [...p.getAttribute('d').matchAll(/[ML]([\\d.]+),([\\d.]+)/g)].map(m => [+m[1], +m[2]]);
    return pts.slice(1).map((q, i) => [pts[i], q]);
  });
  return {
    labels: [...svg.querySelectorAll('text.edge-label')].map(t => [t.textContent, box(t)]),
    titles: [...svg.querySelectorAll('g.node')].map(g => [g.id, box(g.querySelector('text')), box(g.querySelector('rect'))]),
    segments,
  };
}"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crosses(segment, box) -> bool:
    (x0, y0), (x1, y1) = segment
    return overlaps((min(x0, x1) - 0.5, min(y0, y1) - 0.5, max(x0, x1) + 0.5, max(y0, y1) + 0.5), box)


def assert_readable(page):
    drawn = page.evaluate(MEASURE)
    labels, segments = drawn["labels"], drawn["segments"]
    steps = [rect for _, _, rect in drawn["titles"]]
    assert len(labels) >= 8 and len(segments) >= 20
    for i, (text, box) in enumerate(labels):
        assert not [other for other, b in labels[i + 1:] if overlaps(box, b)], f"{text} over another label"
        assert not any(overlaps(box, step) for step in steps), f"{text} over a step"
        assert not any(crosses(segment, box) for segment in segments), f"a line crosses {text}"
    for name, title, rect in drawn["titles"]:  # each step's title inside its box, no line across it
        assert rect[0] <= title[0] and title[2] <= rect[2] and rect[1] <= title[1] and title[3] <= rect[3], name
        assert not any(crosses(segment, title) for segment in segments), name


def taken(page) -> set[tuple[str, str]]:
    lines = page.locator("svg path.line.taken")
    return {(lines.nth(i).get_attribute("data-from"), lines.nth(i).get_attribute("data-to"))
            for i in range(lines.count())}


def shoot(session, name):
    for viewport in (DESKTOP, PHONE):
        session.shoot(name, viewport)
        session.page.set_viewport_size(viewport)
        session.page.wait_for_load_state("networkidle")
        assert_readable(session.page)
    session.page.set_viewport_size(DESKTOP)


def test_the_chart_is_readable_and_shows_the_way_taken(browser, live_server):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    city, item = people()
    able_to_sign_in(city, (("city", "赵处长"),))
    services.claim_task(task=open_task(item), by=city.reviewer)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充照片。")
    services.resubmit_item(task=open_task(item), by=city.head, comment="已补充。")
    services.approve_task(task=open_task(item), by=city.reviewer, comment="同意上报。")

    session = Session(browser, live_server, "city")
    try:
        page = session.page
        session.open(f"/work/items/{item.pk}/")
        bar = page.locator("ol.progress > li")
        assert bar.all_inner_texts()[0].split("\n")[:3] == ["学校提交", "提交", "李校长"]
        assert "退回至：修改后重新提交" in bar.nth(1).inner_text() and "王审核" in bar.nth(1).inner_text()
        current = page.locator("ol.progress > li[aria-current=step]")
        assert current.inner_text().split("\n")[:3] == ["市局审核", "办理中", "待基础教育处的市局处室审核员办理"]
        assert page.locator("ol.progress > li.ahead").all_inner_texts() == ["通过\n未开始"]
        assert page.locator("svg g.current").get_attribute("id") == "city_review"
        assert taken(page) == {("start", "district_review"), ("district_review", "revise"),
                               ("revise", "district_review"), ("district_review", "city_review")}
        shoot(session, "flow-chart-open")

        # 驳回 by the city: the whole way, to the rejection, with no step open.
        services.claim_task(task=open_task(item), by=city.city)
        services.reject_task(task=open_task(item), by=city.city, comment="不符合申报条件。")
        session.open(f"/work/items/{item.pk}/")
        assert page.locator("svg g.current").count() == 0
        assert ("city_review", "rejected") in taken(page)
        assert page.locator("svg g#rejected").get_attribute("class") == "node end rejected done"
        assert page.locator("ol.progress > li").last.inner_text().startswith("驳回\n已办结：已驳回")
        shoot(session, "flow-chart-rejected")
    finally:
        session.close()
