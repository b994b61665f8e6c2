"""A teacher applies as a studio's host in a real browser (Debian's chromium, zh-CN): finds the open
名优教师工作室 campaign under 发起申报, fills the host's title and honour, the three-year plan,
picks five members with the picker's search, is told in Chinese when only four are chosen, saves
the draft and submits it; the school head has it. Screenshots under test-artifacts/."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, PASSWORD, Session
from tests.workflows.studio.helpers import build_studio_town
from workflows.engine.lists.campaign_models import Campaign
from workflows.studio.models import MemberState, Studio, StudioMember

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_teacher_applies_for_a_studio_with_five_members(browser, live_server, settings):  # noqa: F811
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    st = build_studio_town()
    now = timezone.now()
    Campaign.objects.filter(pk=st.teachers.pk).update(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    Campaign.objects.filter(pk=st.workshop.pk).update(opens_at=now - timedelta(days=1),
                                                      closes_at=now + timedelta(days=30))
    st.teacher.full_name = "李老师"
    st.teacher.set_password(PASSWORD)
    st.teacher.save()
    ARTIFACTS.mkdir(exist_ok=True)
    teacher = Session(browser, live_server, "teacher")
    try:
        page = teacher.page
        teacher.open("/work/start/")
        row = page.locator("tr", has_text="2021年度名优教师工作室")
        row.get_by_role("link", name="发起").click()
        page.get_by_label("标题").fill("李老师小学语文名师工作室")
        page.get_by_label("主持人职称").select_option(label="高级")
        page.get_by_label("主持人荣誉").select_option(label="市骨干教师（校长）")
        page.get_by_label("学科").fill("语文")
        page.get_by_label("学段").fill("小学")
        page.get_by_label("三年发展规划").fill("第一年建章立制，第二年课题研究，第三年成果推广。")
        search = page.locator("input.picker-filter")
        for n in range(1, 5):
            search.fill(f"成员{n}")
            page.get_by_role("checkbox", name=f"成员{n} ·").check()
        search.fill("")
        page.get_by_role("button", name="保存草稿").click()
        text = page.inner_text("main")
        assert "工作室成员须为5至10人，现为4人。" in text  # told in Chinese; nothing written
        assert not Studio.objects.filter(kind=Studio.KIND).exists()
        for viewport in (DESKTOP, PHONE):
            teacher.shoot("studio-too-few-members", viewport)

        page.locator("input.picker-filter").fill("成员5")
        page.get_by_role("checkbox", name="成员5 ·").check()
        page.locator("input.picker-filter").fill("")
        page.get_by_role("button", name="保存草稿").click()
        assert "草稿已保存" in page.inner_text("main")
        item = Studio.objects.get(title="李老师小学语文名师工作室")
        assert StudioMember.objects.filter(studio=item, state=MemberState.PROPOSED).count() == 5
        for viewport in (DESKTOP, PHONE):
            teacher.shoot("studio-draft", viewport)
        page.get_by_role("button", name="提交申报").click()
        page.wait_for_url(f"{teacher.url}/work/items/{item.pk}/")
        assert "学校推荐" in page.inner_text("main")
        assert Studio.objects.get(pk=item.pk).status == Studio.Status.SCHOOL_ENDORSE
        for viewport in (DESKTOP, PHONE):
            teacher.shoot("studio-submitted", viewport)
    finally:
        teacher.close()
