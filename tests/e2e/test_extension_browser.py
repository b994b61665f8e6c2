"""延期申请 in a real browser (Debian's chromium), in Chinese: the district reviewer who handles an
item asks for a week more with a reason; the department's reviewer finds it under 延期申请, opens
the item and grants it; the step's deadline moves and the timeline says who asked and who agreed.
Screenshots of the request card at desktop and phone width go to test-artifacts/."""

import datetime
import os
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people, timeline
from tests.workflows.engine.conftest import open_task
from workflows.engine import services
from workflows.engine.deadlines.models import TaskDeadline

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_handler_asks_for_more_time_and_the_department_grants_it_in_a_browser(browser, live_server):  # noqa: F811
    # The live server runs on the real clock: this year's and next year's calendar, and the
    # default reminder policy a flush before may have removed.
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    import_module("notifications.migrations.0002_default_policy").create_default(apps, None)
    city, item = people(names=(("reviewer", "王审核"), ("city", "陈处长")), title="和平一校智慧教育标杆学校申报")
    task = open_task(item)
    services.claim_task(task=task, by=city.reviewer)
    due = timezone.localtime(TaskDeadline.objects.get(task=task).due_at).date()
    asked = due + datetime.timedelta(days=7)
    ARTIFACTS.mkdir(exist_ok=True)
    item_path = f"/work/items/{item.pk}/"

    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open(item_path)
        card = page.locator("#extensions")
        card.get_by_label("希望延至").fill(asked.isoformat())
        card.get_by_label("延期理由").fill("学校正在补拍实践基地照片，需多一周。")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("extension-ask", viewport)
        card.get_by_role("button", name="申请延期").click()
        page.wait_for_url(f"{reviewer.url}{item_path}")
        assert "已提交延期申请" in page.inner_text("main")
        assert "待审批" in page.inner_text("#extensions")
    finally:
        reviewer.close()

    approver = Session(browser, live_server, "city")
    try:
        page = approver.page
        approver.open("/work/todo/")
        page.get_by_role("link", name="延期申请").first.click()
        row = page.locator("tr", has_text=item.ref_no)
        assert "学校正在补拍实践基地照片" in row.inner_text()
        row.get_by_role("link", name="去审批").click()
        page.wait_for_url(f"{approver.url}{item_path}#extensions")
        card = page.locator("#extensions")
        assert card.get_by_label("同意延至").input_value() == asked.isoformat()
        for viewport in (DESKTOP, PHONE):
            approver.shoot("extension-decide", viewport)
        card.get_by_label("审批意见").fill("同意，请按新期限完成。")
        card.get_by_role("button", name="同意", exact=True).click()
        page.wait_for_url(f"{approver.url}{item_path}")
        assert "已同意延期" in page.inner_text("main")
        assert timeline(page)[-3:] == ["申请延期", "调整办理期限", "同意延期"]
        assert "王审核" in page.inner_text("ol.timeline") and "陈处长" in page.inner_text("ol.timeline")
    finally:
        approver.close()
    assert timezone.localtime(TaskDeadline.objects.get(task=task).due_at).date() == asked
