"""转办 in a real browser (Debian's chromium), in Chinese: the district reviewer opens an item, clicks
转办, types part of a colleague's name, picks them from the list and confirms; the colleague finds it in their 待办, and the
timeline says who handed it to whom. Screenshots of the form at desktop and phone width go to
test-artifacts/."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people, timeline
from workflows.engine.models import Item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_transfers_an_item_to_a_colleague_in_a_browser(browser, live_server):  # noqa: F811
    city, item = people(names=(("reviewer", "王审核"), ("reviewer2", "赵审核"), ("head", "李校长")),
                        title="和平一校科技创新教育特色学校申报")
    ARTIFACTS.mkdir(exist_ok=True)
    item_path = f"/work/items/{item.pk}/"

    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open("/work/claimable/")
        page.get_by_role("link", name=item.title).click()
        page.wait_for_url(f"{reviewer.url}{item_path}")
        page.locator("summary", has_text="转办").click()
        page.get_by_label("转办给").fill("赵")  # by name (static/js/picker.js)
        page.get_by_role("option", name="赵审核 · 和平区 · 区县审核员").click()
        page.get_by_label("说明").first.fill("我下周外出培训，请赵老师办理。")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("transfer-form", viewport)
        page.get_by_role("button", name="确认转办").click()
        page.wait_for_url(f"{reviewer.url}{item_path}")
        assert "已转办给赵审核。" in page.inner_text("main")
        assert timeline(page)[-1] == "转办"
        assert "转办给：赵审核" in page.inner_text("ol.timeline")
        # Handed over for good: no more buttons for the reviewer.
        assert page.get_by_role("button", name="通过").count() == 0
    finally:
        reviewer.close()

    colleague = Session(browser, live_server, "reviewer2")
    try:
        page = colleague.page
        page.get_by_role("link", name="待办").first.click()
        assert item.ref_no in page.inner_text("main")
        page.get_by_role("link", name=item.title).click()
        page.wait_for_url(f"{colleague.url}{item_path}")
        assert "我下周外出培训，请赵老师办理。" in page.inner_text("ol.timeline")
        page.get_by_label("审批意见").fill("材料齐全，同意上报。")
        page.get_by_role("button", name="通过").click()
        page.wait_for_url(f"{colleague.url}{item_path}")
        assert Item.objects.get(pk=item.pk).status == "city_review"
    finally:
        colleague.close()
