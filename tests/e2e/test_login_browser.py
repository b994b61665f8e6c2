"""A real browser (Debian's chromium) signs in on the Chinese page and lands on the home page;
screenshots go to test-artifacts/, and the Chinese text must be drawn with the Noto CJK font
rather than as missing-glyph boxes."""

import os
import shutil

import pytest
from django.conf import settings

from core.orgs.roles import Role
from tests.conftest import need
from tests.core.accounts_helpers import PASSWORD, make_user
from tests.factories import OrganisationFactory

# Playwright's sync API runs an event loop in this thread; the live server's database access
# from here is synchronous anyway.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
CJK_FONT = "Noto Sans CJK SC"


@pytest.fixture(scope="module")
def browser():
    need(shutil.which(CHROMIUM) is not None, f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def platform_fonts(page, selector):
    """The fonts chromium actually drew this element's text with, and how many glyphs each."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def assert_drawn_in_cjk_font(page, selector, text):
    fonts = platform_fonts(page, selector)
    assert fonts.get(CJK_FONT, 0) >= len(text), fonts  # every Chinese character from Noto CJK
    # And measured: Noto CJK draws each ideograph one em wide, so 16px text is 16px per character.
    width = page.evaluate(
        """([font, text]) => { const c = document.createElement('canvas').getContext('2d');
             c.font = font; return c.measureText(text).width; }""",
        [f'16px "{CJK_FONT}"', text],
    )
    assert width == pytest.approx(16 * len(text), abs=1)


def check_page(page, *, texts, heading, cjk_text, width, screenshot):
    """The page says `texts`, draws `heading` in Noto CJK, fits `width` pixels without sideways
    scrolling, and is saved to test-artifacts/`screenshot`."""
    body = page.inner_text("body")
    for text in texts:
        assert text in body
    assert_drawn_in_cjk_font(page, heading, cjk_text)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)


def fill_sign_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)


@pytest.mark.parametrize("viewport, suffix", [({"width": 1280, "height": 800}, ""), ({"width": 390, "height": 844}, "-390x844")])
def test_sign_in_on_the_chinese_page_in_a_real_browser(browser, live_server, viewport, suffix):
    school = OrganisationFactory.school(parent=OrganisationFactory.district(name="和平区"), name="和平区第一小学")
    make_user("li.laoshi", role=Role.APPLICANT, at=school, full_name="李老师")
    ARTIFACTS.mkdir(exist_ok=True)

    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    try:
        fill_sign_in(page, live_server.url, "li.laoshi", PASSWORD)
        check_page(
            page, texts=("沈阳市教育局 · 教育审批系统", "用户登录", "用户名", "密码", "忘记密码请联系学校负责人或系统管理员重置。"),
            heading="h2", cjk_text="用户登录", width=viewport["width"], screenshot=f"login-form{suffix}.png",
        )
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        check_page(
            page, texts=("您好，李老师", "我的角色", "申报人 · 和平区第一小学", "修改密码", "退出"),
            heading="h1", cjk_text="您好李老师", width=viewport["width"], screenshot=f"login{suffix}.png",
        )
    finally:
        context.close()


def test_lockout_page_in_a_phone_browser(browser, live_server):
    make_user("zhang.laoshi", full_name="张老师")
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            fill_sign_in(page, live_server.url, "zhang.laoshi", "wrong-password")
            page.get_by_role("button", name="登录").click()
        check_page(
            page, texts=("账号已暂时锁定", "之后再试", "即使输入正确的密码也无法登录"),
            heading="h1", cjk_text="账号已暂时锁定", width=390, screenshot="locked-out-390x844.png",
        )
    finally:
        context.close()
