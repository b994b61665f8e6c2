"""A review in a real browser (Debian's chromium): the district reviewer claims an application and
returns it with a comment, the school resubmits it with a file, the reviewer approves it, and the
timeline says all of it. Screenshots of 待办 and of the item page, at desktop and phone width, go
to test-artifacts/."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, assert_drawn_in_cjk_font, browser  # noqa: F401
from tests.sample_files import PDF
from tests.sampleapp.services import sample_create, sample_submit
from tests.city import build_city
from workflows.engine.models import Item

# Playwright's sync API runs an event loop in this thread; the live server's database access from
# here is synchronous anyway.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qingshui-Lu-2021"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def people(names=(("reviewer", "王审核"), ("head", "李校长")), title="和平一校劳动教育特色学校申报"):
    """The engine's test city, these people (attribute, full name) able to sign in, and the
    school's application, submitted."""
    city = build_city()
    able_to_sign_in(city, names)
    item = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                         title=title, summary="劳动教育课程与实践基地。", pupils=860)
    sample_submit(item=item, by=city.head)
    return city, item


def able_to_sign_in(city, names) -> None:
    """Give these people of the city (attribute, full name) their names and the test password."""
    for attribute, name in names:
        user = getattr(city, attribute)
        user.full_name = name
        user.set_password(PASSWORD)
        user.save()


class Session:
    """One person's browser tab."""

    def __init__(self, browser, live_server, username, viewport=DESKTOP):  # noqa: F811
        self.url = live_server.url
        self.context = browser.new_context(viewport=viewport, locale="zh-CN")
        self.page = self.context.new_page()
        self.page.goto(f"{self.url}/accounts/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(f"{self.url}/")

    def open(self, path):
        self.page.goto(f"{self.url}{path}")

    def shoot(self, name, viewport):
        """Screenshot at `viewport` width; the page must not scroll sideways."""
        self.page.set_viewport_size(viewport)
        suffix = "" if viewport == DESKTOP else f"-{viewport['width']}x{viewport['height']}"
        assert self.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
        self.page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
        self.page.set_viewport_size(DESKTOP)

    def close(self):
        self.context.close()


def timeline(page) -> list[str]:
    return page.locator("ol.timeline > li strong").all_inner_texts()


def test_claim_return_resubmit_approve_in_a_browser(browser, live_server, tmp_path):  # noqa: F811
    city, item = people()
    ARTIFACTS.mkdir(exist_ok=True)
    item_path = f"/work/items/{item.pk}/"

    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        # 可领取 → 认领: the item page opens with the decision form.
        page.get_by_role("link", name="可领取").first.click()
        row = page.locator("tr", has_text=item.ref_no)
        row.get_by_role("button", name="认领").click()
        page.wait_for_url(f"{reviewer.url}{item_path}")
        assert "已认领“区县审核”，请办理。" in page.inner_text("main")

        reviewer.open("/work/todo/")
        assert item.ref_no in page.inner_text("main")
        assert_drawn_in_cjk_font(page, "h1", "待办")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("review-todo", viewport)

        # 退回 with a comment, to the step chosen by label, using the keyboard for the comment.
        page.get_by_role("link", name=item.title).click()
        page.get_by_label("审批意见").fill("请补充劳动教育实践基地的照片。")
        page.get_by_label("退回至（退回时选择）").select_option(label="修改后重新提交")
        page.get_by_role("button", name="退回", exact=True).click()
        page.wait_for_url(f"{reviewer.url}{item_path}")
        assert "已退回至“修改后重新提交”。" in page.inner_text("main")
    finally:
        reviewer.close()

    school = Session(browser, live_server, "head")
    try:
        page = school.page
        school.open("/work/todo/")
        page.get_by_role("link", name=item.title).click()
        assert "请补充劳动教育实践基地的照片。" in page.inner_text("ol.timeline")
        page.get_by_label("修改说明").fill("已补充照片。")
        photos = tmp_path / "实践基地照片.pdf"
        photos.write_bytes(PDF)
        page.get_by_label("附件").set_input_files(str(photos))
        page.get_by_role("button", name="重新提交").click()
        page.wait_for_url(f"{school.url}{item_path}")
        assert "已重新提交。" in page.inner_text("main")
        assert Item.objects.get(pk=item.pk).status == "district_review"
    finally:
        school.close()

    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open(item_path)
        page.get_by_label("审批意见").fill("材料齐全，同意上报。")
        page.get_by_role("button", name="通过").click()
        page.wait_for_url(f"{reviewer.url}{item_path}")
        assert "已通过“区县审核”。" in page.inner_text("main")
        assert Item.objects.get(pk=item.pk).status == "city_review"

        # The timeline says everything that happened, with who and the comments.
        assert timeline(page) == ["创建", "提交", "认领", "退回", "重新提交", "通过"]
        text = page.inner_text("ol.timeline")
        for said in ("请补充劳动教育实践基地的照片。", "已补充照片。", "材料齐全，同意上报。", "王审核", "李校长",
                     "区县审核 → 修改后重新提交", "实践基地照片.pdf"):
            assert said in text, said
        # The chart marks the open step, now the city's review.
        assert page.locator("svg g.current").get_attribute("id") == "city_review"
        assert "当前步骤（粗框标出）：市局审核" in page.inner_text("main")
        assert_drawn_in_cjk_font(page, "h1", "和平一校劳动教育特色学校申报")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("review-item", viewport)
    finally:
        reviewer.close()
