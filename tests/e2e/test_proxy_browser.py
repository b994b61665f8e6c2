"""委托 and 催办 in a real browser (Debian's chromium), in Chinese: the school head urges the
district reviewers and is then told when they may urge again; the reviewer, going away, names a
deputy on the 委托代理 page (from the menu); the deputy finds the item in 可领取, approves it, and
the timeline says "（代王审核）". Screenshots of the proxy page at desktop and phone width go to
test-artifacts/."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from core.orgs.models import User
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session, people, timeline
from tests.factories import person
from tests.workflows.engine.proxy_helpers import colleagues
from workflows.engine.models import Item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_urge_then_a_deputy_acts_for_the_reviewer_in_a_browser(browser, live_server):  # noqa: F811
    city, item = people(names=(("reviewer", "王审核"), ("head", "李校长")), title="和平一校智慧教育标杆学校申报")
    deputy = person("deputy", password=PASSWORD, full_name="钱代理")
    colleagues(User.objects.get(username="reviewer"), deputy)  # a proxy shares one of the principal's roles
    ARTIFACTS.mkdir(exist_ok=True)
    item_path = f"/work/items/{item.pk}/"

    head = Session(browser, live_server, "head")
    try:
        page = head.page
        head.open(item_path)
        page.get_by_label("催办留言（可不填）").fill("下周截止，请尽快审核。")
        page.get_by_role("button", name="催办").click()
        page.wait_for_url(f"{head.url}{item_path}")
        assert "已催办“区县审核”的办理人。" in page.inner_text("main")
        assert timeline(page)[-1] == "催办"
        assert "后可再次催办。" in page.inner_text("main")
        assert page.get_by_role("button", name="催办").is_disabled()
    finally:
        head.close()

    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open("/work/todo/")
        page.get_by_role("link", name="委托代理").click()
        page.get_by_label("代理人").fill("钱")  # by name (static/js/picker.js)
        page.locator(".picker-list [role=option]", has_text="钱代理").click()
        today = timezone.localdate()
        page.get_by_label("开始日期").fill(str(today))
        page.get_by_label("结束日期").fill(str(today + timedelta(days=3)))
        page.get_by_label("委托原因").fill("外出培训")
        page.get_by_role("button", name="委托", exact=True).click()
        assert "已委托钱代理" in page.inner_text("main")
        assert "钱代理" in page.inner_text("section:has(h2:text('我委托的'))")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("proxy-page", viewport)
    finally:
        reviewer.close()

    deputy = Session(browser, live_server, "deputy")
    try:
        page = deputy.page
        deputy.open("/work/claimable/")
        page.get_by_role("link", name=item.title).click()
        page.wait_for_url(f"{deputy.url}{item_path}")
        page.get_by_label("审批意见").fill("材料齐全，代王审核同意。")
        page.get_by_role("button", name="通过").click()
        page.wait_for_url(f"{deputy.url}{item_path}")
        assert Item.objects.get(pk=item.pk).status == "city_review"
        assert timeline(page)[-1] == "通过"
        assert "钱代理（代王审核）" in page.locator("ol.timeline > li").last.inner_text()
    finally:
        deputy.close()
