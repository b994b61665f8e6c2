"""申报项目 and 申报批次 in a real browser (Debian's chromium, zh-CN): the department's reviewer
creates a programme (a form without school types is refused in Chinese first), opens a campaign
of it with a window and district seats (a window closing before it opens is refused), and reads
which schools have started. Screenshots of the form, the programme and the campaign at 1280 and
390 px."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.city import build_city
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, able_to_sign_in
from workflows.engine.lists.campaign_models import Campaign
from workflows.programmes.models import Programme

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_department_creates_a_programme_and_opens_a_campaign(browser, live_server):  # noqa: F811
    city = build_city()
    able_to_sign_in(city, (("city", "王审核"),))
    ARTIFACTS.mkdir(exist_ok=True)
    staff = Session(browser, live_server, "city")
    try:
        page = staff.page
        staff.open("/work/todo/")
        page.get_by_role("link", name="申报项目").click()
        page.get_by_role("link", name="新建基础教育处的申报项目").click()
        page.get_by_label("项目名称").fill("劳动教育特色学校")
        page.get_by_label("项目代码").fill("labour-education")
        page.get_by_label("年度").fill("2026")
        page.get_by_label("事项类别").select_option(label="学校认定与评选")
        page.get_by_label("含实地考察").check()
        page.get_by_label("和平区").fill("3")
        page.get_by_role("button", name="保存").click()
        assert "请按提示修改后再保存" in page.inner_text("main") and "这个字段是必填项" in page.inner_text("main")
        assert not Programme.objects.exists()
        page.get_by_label("小学").check()
        page.get_by_label("初中").check()
        for viewport in (DESKTOP, PHONE):
            staff.shoot("programme-form", viewport)
        page.get_by_role("button", name="保存").click()
        assert "已新建申报项目“劳动教育特色学校（2026年度）”" in page.inner_text("main")
        programme = Programme.objects.get()
        assert (programme.school_types, programme.onsite_visit) == (["primary", "junior"], True)
        assert "小学、初中（公办、民办）" in page.inner_text("main")
        for viewport in (DESKTOP, PHONE):
            staff.shoot("programme-detail", viewport)

        page.get_by_role("link", name="新建申报批次").click()
        assert page.get_by_label("和平区").input_value() == "3"  # the programme's default seats
        now = timezone.now()
        page.get_by_label("批次名称").fill("2026年度")
        page.get_by_label("申报开始时间").fill(local(now + timedelta(days=5)))
        page.get_by_label("申报截止时间").fill(local(now + timedelta(days=1)))
        page.get_by_role("button", name="新建申报批次").click()
        assert "申报截止时间必须晚于开始时间" in page.inner_text("main") and not Campaign.objects.exists()
        page.get_by_label("申报开始时间").fill(local(now - timedelta(hours=1)))
        page.get_by_label("申报截止时间").fill(local(now + timedelta(days=20)))
        page.get_by_label("沈河区").fill("2")
        page.get_by_role("button", name="新建申报批次").click()
        assert "已新建申报批次" in page.inner_text("main")
        campaign = Campaign.objects.get()
        assert {q.district.name: q.quota for q in campaign.district_quotas.all()} == {"和平区": 3, "沈河区": 2}
        main = page.inner_text("main")
        assert "申报情况" in main and "和平一校" in main and "未发起" in main
        for viewport in (DESKTOP, PHONE):
            staff.shoot("campaign-progress", viewport)
    finally:
        staff.close()
