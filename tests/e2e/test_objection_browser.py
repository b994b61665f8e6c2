"""公示 in a real browser (Debian's chromium), in Chinese, without signing in: a member of the
public opens the notice from the list of notices, tries to object without a name (refused, with
the reason), then lodges an objection under their real name with a PDF; the department's
objection page shows who lodged it. Screenshots at desktop and phone width go to test-artifacts/."""

import datetime
import os
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.city import build_city
from tests.e2e.test_login_browser import ARTIFACTS, assert_drawn_in_cjk_font, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, able_to_sign_in
from tests.sample_files import PDF
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.notice_helpers import decided, published
from workflows.engine.notices.models import Objection

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shoot(page, name, viewport):
    page.set_viewport_size(viewport)
    suffix = "" if viewport == DESKTOP else f"-{viewport['width']}x{viewport['height']}"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
    page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_member_of_the_public_lodges_an_objection_in_a_browser(browser, live_server, tmp_path):  # noqa: F811
    # The live server runs on the real clock: this year's and next year's calendar.
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    import_module("notifications.migrations.0002_default_policy").create_default(apps, None)
    city = build_city()
    able_to_sign_in(city, (("city", "陈审核"),))
    now = timezone.now()
    campaign = make_campaign(total_quota=5, owner_department=city.department, opens_at=now - datetime.timedelta(days=1),
                             closes_at=now + datetime.timedelta(days=30), name=f"{today.year}年度")
    items = decided(city, campaign, 2, schools=[city.school_a, city.school_b])
    notice = published(city, items, title=f"{today.year}年度新优质均衡学校拟认定名单公示")
    evidence = tmp_path / "证明材料.pdf"
    evidence.write_bytes(PDF)
    ARTIFACTS.mkdir(exist_ok=True)

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")  # nobody signed in
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/public/notices/")
        page.get_by_role("link", name=notice.title).click()
        page.wait_for_url(f"{live_server.url}/public/notices/{notice.pk}/")
        entries = page.locator("#entries").inner_text()
        assert "和平一校" in entries and "沈河一校" in entries and "拟认定" in entries
        assert_drawn_in_cjk_font(page, "h1", notice.title[4:])
        form = page.locator("#objection")
        form.get_by_label("异议对象").select_option(label="2. 沈河一校")
        form.get_by_label("联系电话").fill("13912345678")
        form.get_by_label("异议事实").fill("该校公示的获奖证书为复印件伪造，原件不存在，可向颁奖单位核实。")
        form.get_by_role("button", name="提交异议").click()
        assert "请填写真实姓名：不受理匿名异议。" in page.locator("#objection").inner_text()
        assert not Objection.objects.exists()

        form = page.locator("#objection")
        form.get_by_label("真实姓名").fill("赵明")
        form.get_by_label("工作单位").fill("沈河区某小学")
        form.get_by_label("证明材料（可选）").set_input_files(str(evidence))
        form.get_by_label("电子邮箱（可选，用于告知处理结果）").fill("zhaoming@example.com")
        for viewport in (DESKTOP, PHONE):
            shoot(page, "objection-form", viewport)
        form.get_by_role("button", name="提交异议").click()
        page.wait_for_url(f"{live_server.url}/public/notices/{notice.pk}/")
        assert "您的异议已提交" in page.inner_text("main")
        assert "赵明" not in page.inner_text("main")  # nobody reads it back on the public page
    finally:
        context.close()

    objection = Objection.objects.get()
    assert (objection.real_name, objection.entry.item_id, objection.file_name) == ("赵明", items[1].pk, "证明材料.pdf")
    staff = Session(browser, live_server, "city")
    try:
        staff.open(f"/work/objections/{objection.pk}/")
        facts = staff.page.locator("#objector").inner_text()
        assert "赵明" in facts and "13912345678" in facts and "沈河区某小学" in facts
        staff.shoot("objection-staff", DESKTOP)
    finally:
        staff.close()
