"""#13 item 11 in a real browser (Debian's chromium, Chinese): choosing a person by typing part of
their name, in 转办 on the item page and in 委托 on the proxies page, at 1280 and 390 px; the list
offers only the candidates (another district's reviewer of the same surname never appears), the
keyboard picks too, and without a pick the form is not sent. Screenshots go to test-artifacts/."""

import os

import pytest
from django.utils import timezone

from core.orgs.models import Proxy, User
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people
from tests.workflows.engine.conftest import open_task
from workflows.engine import services

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = (("reviewer", "王审核"), ("reviewer2", "赵佳慧"), ("head", "李校长"))


def options(page) -> list[str]:
    return page.locator(".picker-list [role=option]").all_inner_texts()


def test_transfer_and_proxy_by_typing_part_of_a_name(browser, live_server):  # noqa: F811
    city, item = people(names=NAMES, title="和平一校科技创新教育特色学校申报")
    User.objects.filter(pk=city.reviewer_b.pk).update(full_name="赵外区")  # another district's: never offered
    ARTIFACTS.mkdir(exist_ok=True)
    item_path = f"/work/items/{item.pk}/"

    for viewport in (DESKTOP, PHONE):
        reviewer = Session(browser, live_server, "reviewer", viewport=viewport)
        try:
            page = reviewer.page
            reviewer.open("/work/proxies/")
            box = page.get_by_label("代理人")
            box.fill("佳慧")  # the given name only
            assert options(page) == ["赵佳慧 · 和平区 · 区县审核员"]
            box.fill("赵")
            assert options(page) == ["赵佳慧 · 和平区 · 区县审核员"]  # not 赵外区
            box.fill("钱")
            assert page.locator(".picker-list").inner_text() == "没有符合的人员"
            box.fill("赵")
            reviewer.shoot(f"picker-proxy-{viewport['width']}", viewport)
            box.press("ArrowDown")
            box.press("Enter")
            assert box.input_value() == "赵佳慧 · 和平区 · 区县审核员"
            page.get_by_label("结束日期").fill(str(timezone.localdate()))
            page.get_by_label("委托原因").fill("外出培训")
            page.get_by_role("button", name="委托", exact=True).click()
            page.wait_for_url(f"{reviewer.url}/work/proxies/")
            assert "已委托赵佳慧" in page.inner_text("main")
            assert Proxy.objects.filter(principal=city.reviewer, proxy=city.reviewer2, cancelled_at=None).exists()
            page.get_by_role("button", name="提前结束").first.click()  # free the range for the next round
            page.wait_for_url(f"{reviewer.url}/work/proxies/")

            reviewer.open(item_path)
            page.locator("summary", has_text="转办").click()
            box = page.get_by_label("转办给")
            box.fill("佳")
            page.get_by_label("说明").first.click()  # leave the box without picking: nothing chosen
            page.get_by_role("button", name="确认转办").click()
            assert page.url == f"{reviewer.url}{item_path}" and item.ref_no in page.inner_text("main")
            assert box.evaluate("el => el.validationMessage") == "请输入姓名，并从列表中选择一人"
            box.fill("赵")
            assert options(page) == ["赵佳慧 · 和平区 · 区县审核员"]
            reviewer.shoot(f"picker-transfer-{viewport['width']}", viewport)
            page.get_by_role("option", name="赵佳慧 · 和平区 · 区县审核员").click()
            page.get_by_label("说明").first.fill("请赵老师办理。")
            page.get_by_role("button", name="确认转办").click()
            page.wait_for_url(f"{reviewer.url}{item_path}")
            assert "已转办给赵佳慧。" in page.inner_text("main")
        finally:
            reviewer.close()
        if viewport == DESKTOP:  # hand it back for the phone's round
            services.transfer_task(task=open_task(item), by=city.reviewer2, to=city.reviewer)
