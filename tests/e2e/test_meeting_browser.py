"""会议 in a real browser (Debian's chromium), in Chinese: the department opens the item at its
实地考察, schedules the visit (a time in the past refused with the reason, nothing saved), the
督学 finds it under 我的会议; after it the department records attendance and minutes and closes
it, and the item page shows all of it. Screenshots at 1280 and 390 px in test-artifacts/."""

import datetime
import os

import pytest
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.e2e.test_login_browser import ARTIFACTS, assert_drawn_in_cjk_font, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session
from tests.city import build_city
from tests.workflows.engine.meetings.helpers import visit_at_meeting
from workflows.engine.meetings.models import Meeting

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_visit_is_scheduled_attended_and_closed_in_a_browser(browser, live_server):  # noqa: F811
    today = timezone.localdate()
    install_test_calendar([2021, today.year, today.year + 1])
    city = build_city()
    visit = visit_at_meeting(city, on=timezone.now())
    for user in (city.city, visit.inspector):
        user.set_password(PASSWORD)
        user.save()
    ARTIFACTS.mkdir(exist_ok=True)
    when = (timezone.now() + datetime.timedelta(days=2)).replace(hour=1, minute=30, second=0, microsecond=0)

    staff = Session(browser, live_server, city.city.username)
    try:
        staff.open(f"/work/items/{visit.item.pk}/")
        staff.page.get_by_role("link", name="安排会议").click()
        assert_drawn_in_cjk_font(staff.page, "h1", "安排会议")
        staff.page.get_by_label("会议时间").fill(local(timezone.now() - datetime.timedelta(days=1)))
        staff.page.get_by_label("会议地点").fill("和平一校三楼会议室")
        search = staff.page.get_by_role("searchbox", name="参会人")  # the picker's filter (static/js/picker.js)
        search.fill("专家甲")
        assert staff.page.get_by_label("督学乙 · 和平区 · 督学").is_hidden()  # filtered out while searching
        staff.page.get_by_label("专家甲 · 沈阳市教育局 · 专家").check()
        search.fill("督学")
        assert staff.page.get_by_label("专家甲 · 沈阳市教育局 · 专家").is_visible()  # ticked: stays in sight
        staff.page.get_by_label("督学乙 · 和平区 · 督学").check()
        staff.page.get_by_role("button", name="安排会议并通知参会人").click()
        assert "会议时间不能早于现在" in staff.page.inner_text("main")
        assert not Meeting.objects.exists()
        staff.shoot("meeting-schedule-refused", DESKTOP)
        staff.page.get_by_label("会议时间").fill(local(when))
        for viewport in (DESKTOP, PHONE):
            staff.shoot("meeting-schedule", viewport)
        staff.page.get_by_role("button", name="安排会议并通知参会人").click()
        assert "已安排会议并通知参会人" in staff.page.inner_text("main")
    finally:
        staff.close()
    meeting = Meeting.objects.get()
    assert meeting.place == "和平一校三楼会议室" and meeting.participants.count() == 2

    inspector = Session(browser, live_server, visit.inspector.username)
    try:
        inspector.open("/work/meetings/")
        rows = inspector.page.locator("#my-meetings").inner_text()
        assert "实地考察会" in rows and "和平一校三楼会议室" in rows and "督学" in rows
        for viewport in (DESKTOP, PHONE):
            inspector.shoot("my-meetings", viewport)
    finally:
        inspector.close()

    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))  # held
    staff = Session(browser, live_server, city.city.username)
    try:
        staff.open(f"/work/meetings/{meeting.pk}/")
        attendance = staff.page.locator("#attendance")
        attendance.get_by_role("group", name="专家甲（专家）").get_by_label("出席").check()
        attendance.get_by_role("button", name="保存出席情况").click()
        staff.page.get_by_role("button", name="结束会议").click()
        assert "以下参会人的出席情况尚未记录：督学乙" in staff.page.inner_text("main")
        attendance = staff.page.locator("#attendance")
        attendance.get_by_role("group", name="督学乙（督学）").get_by_label("请假").check()
        attendance.get_by_role("button", name="保存出席情况").click()
        staff.page.locator("#minutes").get_by_label("会议纪要").fill("校舍达标，资料齐全，同意通过。")
        staff.page.get_by_role("button", name="保存会议纪要").click()
        for viewport in (DESKTOP, PHONE):
            staff.shoot("meeting-record", viewport)
        staff.page.get_by_role("button", name="结束会议").click()
        staff.page.wait_for_url(f"{live_server.url}/work/items/{visit.item.pk}/")
        card = staff.page.locator("#meeting").inner_text()
        assert "已结束" in card and "请假" in card and "校舍达标，资料齐全，同意通过。" in card
        for viewport in (DESKTOP, PHONE):
            staff.shoot("meeting-on-item", viewport)
    finally:
        staff.close()
    assert Meeting.objects.get().state == "closed"
