"""Entering a year from the State Council's notice in a real browser (Debian's chromium), in
Chinese: a mistyped line is refused naming it, the corrected notice shows the year as twelve
months to confirm, and saving it enters the year. Screenshots go to test-artifacts/."""

import os

import chinese_calendar
import pytest

from core.calendar.models import CalendarDay, CalendarYear
from core.orgs.roles import Role
from tests.core.test_calendar_notice import every_day, notice_text
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session
from tests.factories import OrganisationFactory, person

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_paste_the_notice_confirm_the_months_and_save(browser, live_server):  # noqa: F811
    person("sysadmin", role=Role.ADMIN, at=OrganisationFactory.bureau(), password=PASSWORD, full_name="赵管理")
    CalendarYear.objects.filter(year=2025).delete()
    ARTIFACTS.mkdir(exist_ok=True)
    admin = Session(browser, live_server, "sysadmin")
    try:
        page = admin.page
        admin.open("/calendar/notice/")
        page.get_by_label("通知全文").fill(notice_text(2025).replace("4月27日（周日）", "4月26日（周日）"))
        page.get_by_role("button", name="识别并预览").click()
        assert "第 9 行“四、劳动节：" in page.inner_text("main")
        assert "不是周日" in page.inner_text("main")

        page.get_by_label("通知全文").fill(notice_text(2025))
        page.get_by_role("button", name="识别并预览").click()
        preview = page.locator("#preview")
        assert "请核对 2025 年日历" in preview.inner_text()
        assert preview.locator("table.month").count() == 12
        assert preview.locator("td.holiday").count() == 28 and preview.locator("td.makeup").count() == 5
        assert "holiday" in preview.locator("td[data-date='2025-10-08']").get_attribute("class")
        for viewport in (DESKTOP, PHONE):
            admin.shoot("calendar-notice-preview", viewport)
        assert not CalendarYear.objects.filter(year=2025).exists()

        page.get_by_role("button", name="确认并保存 2025 年日历").click()
        page.wait_for_url(f"{admin.url}/calendar/2025/")
        assert "已按通知保存 2025 年工作日历" in page.inner_text("main")
        assert "makeup" in page.locator("td[data-date='2025-01-26']").get_attribute("class")
        admin.shoot("calendar-year", DESKTOP)
    finally:
        admin.close()
    working = set(CalendarDay.objects.filter(year_id=2025, is_working=True).values_list("date", flat=True))
    assert working == {day for day in every_day(2025) if chinese_calendar.is_workday(day)}
