"""常态督导 in a real browser (Debian's chromium), in Chinese: a 责任督学 opens their zone, records a
visit to a school (a date in the future refused with the reason, nothing saved), with its kinds,
findings and a photo, sees the record and the school counted this month. Screenshots at 1280 and
390 px in test-artifacts/."""

import datetime
import os

import pytest
from django.utils import timezone

from tests.e2e.test_login_browser import ARTIFACTS, assert_drawn_in_cjk_font, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session
from tests.sample_files import JPEG
from tests.workflows.inspection.routine.conftest import build_routine
from workflows.inspection.routine.models import Visit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_inspector_records_a_visit_in_a_browser(browser, live_server, tmp_path):  # noqa: F811
    routine = build_routine()
    routine.inspector.set_password(PASSWORD)
    routine.inspector.save()
    photo = tmp_path / "课堂.jpg"
    photo.write_bytes(JPEG)
    today = timezone.localdate()
    ARTIFACTS.mkdir(exist_ok=True)

    inspector = Session(browser, live_server, routine.inspector.username)
    try:
        page = inspector.page
        inspector.open("/work/todo/")
        page.get_by_role("link", name="常态督导").first.click()
        assert_drawn_in_cjk_font(page, "h1", "常态督导")
        zone = page.locator("#zone-h").locator("..").inner_text()
        assert "我的责任区：和平一区" in zone and "和平2校" in zone and "本月未督导" in zone
        page.get_by_role("row", name="和平2校").get_by_role("link", name="记录督导").click()
        assert page.get_by_label("学校").input_value() == str(routine.schools[1].pk)
        page.get_by_label("督导日期").fill((today + datetime.timedelta(days=1)).isoformat())
        page.get_by_label("听课").check()
        page.get_by_label("巡查").check()
        page.get_by_label("发现的问题与情况").fill("听课两节，课堂秩序良好；巡查发现消防通道堆放杂物。")
        page.get_by_label("现场照片").set_input_files(str(photo))
        page.get_by_role("button", name="保存督导记录").click()
        assert "督导日期不能晚于今天" in page.inner_text("main")
        assert not Visit.objects.exists()
        inspector.shoot("routine-visit-refused", DESKTOP)
        page.get_by_label("督导日期").fill(today.isoformat())
        page.get_by_label("现场照片").set_input_files(str(photo))  # a refused form does not keep its files
        for viewport in (DESKTOP, PHONE):
            inspector.shoot("routine-visit-form", viewport)
        page.get_by_role("button", name="保存督导记录").click()
        main = page.inner_text("main")
        assert f"已记录和平2校 {today.isoformat()}的督导" in main
        assert "听课、巡查" in main and "消防通道堆放杂物" in main and "课堂.jpg" in main
        for viewport in (DESKTOP, PHONE):
            inspector.shoot("routine-visit", viewport)
        inspector.open("/inspection/routine/")
        row = page.locator("#zone-h").locator("..").get_by_role("row", name="和平2校").inner_text()
        assert "本月未督导" not in row and "1" in row
        inspector.shoot("routine-zone", DESKTOP)
    finally:
        inspector.close()
    visit = Visit.objects.get()
    assert (visit.school, visit.kinds, visit.photos.get().name) == (routine.schools[1], ["lesson", "patrol"], "课堂.jpg")
