"""A notification leads somewhere, in a real browser (Debian's chromium), in Chinese: the school
head's inbox says who returned the application, where and why; opening the message lands on the
item page at the step to act on (重新提交). Screenshots of the inbox at desktop and phone width go
to test-artifacts/."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people
from tests.workflows.engine.conftest import open_task
from workflows.engine import services

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_returned_application_is_one_click_from_its_revision(browser, live_server):  # noqa: F811
    city, item = people()
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充近三年劳动教育课表。")
    ARTIFACTS.mkdir(exist_ok=True)
    head = Session(browser, live_server, "head")
    try:
        page = head.page
        page.get_by_role("link", name="通知").first.click()
        entry = page.locator("ul.inbox li", has_text=item.title).first
        text = entry.inner_text()
        assert "已退回修改" in text and "王审核在“区县审核”退回了此事项" in text
        assert "退回理由：请补充近三年劳动教育课表。" in text
        for viewport in (DESKTOP, PHONE):
            head.shoot("notification-inbox", viewport)
        entry.get_by_role("button").click()
        task = open_task(item)
        page.wait_for_url(f"{live_server.url}/work/items/{item.pk}/#act-{task.pk}")
        assert "办理：修改后重新提交" in page.locator(f"#act-{task.pk}").inner_text()
        page.goto(f"{live_server.url}/notifications/")
        assert page.locator("ul.inbox li.unread", has_text=item.title).count() == 0
    finally:
        head.close()
