"""督导 in a real browser (Debian's chromium), in Chinese: a district's staff opens its case from
the item page, files a self-assessment with a score out of range (refused by the browser,
nothing sent), then within range; the case moves on to the visit. Screenshots in test-artifacts/."""

import os

import pytest
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.e2e.test_login_browser import ARTIFACTS, assert_drawn_in_cjk_font, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session
from tests.workflows.inspection.helpers import build_city, dispatched
from workflows.inspection.case_models import InspectionCase, SelfScore

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_district_files_its_self_assessment_in_a_browser(browser, live_server):  # noqa: F811
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    city = build_city()
    plan = dispatched(city, targets=city.districts[:1])
    case = InspectionCase.objects.get(inspection_case__plan=plan)
    staff_user = city.staff[case.organisation_id]
    staff_user.set_password(PASSWORD)
    staff_user.save()
    ARTIFACTS.mkdir(exist_ok=True)

    staff = Session(browser, live_server, staff_user.username)
    try:
        staff.open(f"/work/items/{case.pk}/")
        staff.page.get_by_role("link", name="填报自评").click()
        assert_drawn_in_cjk_font(staff.page, "h1", "填报自评")
        assert "教育经费投入：查阅预算文件、会议纪要。" in staff.page.inner_text("main")
        staff.page.get_by_label("A1 教育经费投入 自评分（满分10.00）").fill("12")
        staff.page.get_by_label("A2 学校布局规划 自评分（满分10.00）").fill("8")
        staff.page.get_by_label("A3 教师队伍建设 自评分（满分10.00）").fill("7.5")
        staff.page.get_by_role("button", name="提交").click()
        # The browser refuses it before sending (the field's max): nothing reaches the server.
        over = staff.page.get_by_label("A1 教育经费投入 自评分（满分10.00）")
        assert over.evaluate("field => field.validity.rangeOverflow")
        assert staff.page.url.endswith("/self-assessment/")
        assert not SelfScore.objects.exists()
        staff.shoot("inspection-self-assessment-refused", DESKTOP)
        staff.page.get_by_label("A1 教育经费投入 自评分（满分10.00）").fill("9")
        staff.page.get_by_label("A1 佐证说明").fill("2020年教育经费决算表")
        for viewport in (DESKTOP, PHONE):
            staff.shoot("inspection-self-assessment", viewport)
        staff.page.get_by_role("button", name="提交").click()
        assert "自评已提交。" in staff.page.inner_text("main")
        staff.shoot("inspection-self-assessment-filed", DESKTOP)
    finally:
        staff.close()
    case.refresh_from_db()
    assert case.status == InspectionCase.Status.VISIT
    assert SelfScore.objects.get(indicator__code="A1").evidence == "2020年教育经费决算表"
