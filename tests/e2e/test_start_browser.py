"""发起申报 in a real browser (Debian's chromium, zh-CN): a school head finds the open campaign,
starts an application, saves a draft, leaves, comes back through 我的草稿, attaches a file and
submits. Screenshots of the start page, the draft and the submitted item at 1280 and 390 px."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.city import build_city
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, able_to_sign_in
from tests.sample_files import pdf
from tests.workflows.engine.campaign_helpers import make_campaign
from workflows.engine.models import Item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_head_starts_saves_comes_back_and_submits(browser, live_server, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    city = build_city()
    able_to_sign_in(city, (("head", "李校长"),))
    now = timezone.now()
    make_campaign(owner_department=city.department, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=20))
    ARTIFACTS.mkdir(exist_ok=True)
    school = Session(browser, live_server, "head")
    try:
        page = school.page
        school.open("/work/todo/")
        page.get_by_role("link", name="发起申报").click()
        page.wait_for_url(f"{school.url}/work/start/")
        assert "新优质均衡(示范)学校 · 2021年度" in page.inner_text("main")
        for viewport in (DESKTOP, PHONE):
            school.shoot("start-offers", viewport)
        page.get_by_role("link", name="发起", exact=True).click()
        page.get_by_label("标题").fill("和平一校新优质学校申报")
        page.get_by_label("申报摘要").fill("义务教育优质均衡，课程丰富。")
        page.get_by_label("在校生人数").fill("860")
        page.get_by_role("button", name="保存草稿").click()
        assert "草稿已保存" in page.inner_text("main")
        item = Item.objects.get(title="和平一校新优质学校申报")
        assert item.status == "draft"

        school.open("/work/todo/")  # away, then back through 我的草稿
        page.get_by_role("link", name="发起申报").click()
        page.get_by_role("link", name="和平一校新优质学校申报").click()
        page.wait_for_url(f"{school.url}/work/drafts/{item.pk}/")
        assert page.get_by_label("在校生人数").input_value() == "860"
        path = tmp_path / "自评报告.pdf"
        path.write_bytes(pdf())
        page.get_by_label("材料类别").select_option(label="自评报告")
        page.get_by_label("文件").set_input_files(str(path))
        page.get_by_role("button", name="上传").click()
        assert "已上传“自评报告.pdf”" in page.inner_text("main")
        for viewport in (DESKTOP, PHONE):
            school.shoot("start-draft", viewport)
        page.get_by_role("button", name="提交申报").click()
        page.wait_for_url(f"{school.url}/work/items/{item.pk}/")
        assert "已提交，等待审核" in page.inner_text("main")
        assert Item.objects.get(pk=item.pk).status == "district_review"
        for viewport in (DESKTOP, PHONE):
            school.shoot("start-submitted", viewport)
    finally:
        school.close()
