"""The admin in a real browser (Debian's chromium, zh-CN) at 1280 px, signed in as the demo's
superuser: every changelist's table fits beside the filters (no column cut off behind a sideways
scroll; the audit log's was), and the audit log, viewflow's processes and tasks, the people and
the periodic tasks read in Chinese as drawn. Screenshots: test-artifacts/admin-*.png."""

import os

import pytest

from core.orgs.models import User
from tests.core.admin_text import english_words
from tests.core.admin_walk import admin_urls, data_names
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP
from tests.workflows.web.test_admin_walk import seed_demo

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Demo@2026-browser"
PAGES = {
    "admin-audit": "/admin/audit/auditevent/",
    "admin-processes": "/admin/viewflow/process/",
    "admin-tasks": "/admin/viewflow/task/",
    "admin-users": "/admin/orgs/user/",
    "admin-periodic-tasks": "/admin/django_celery_beat/periodictask/",
}
# Whether any table of the page scrolls sideways inside its box (Django's changelist wraps the
# table in a scrolling div, so the page itself never does).
CUT_OFF = """() => [...document.querySelectorAll('#changelist .results, #result_list')]
    .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.id || el.className)"""


@pytest.mark.timeout(600)
def test_admin_pages_fit_1280_and_read_chinese(browser, live_server):  # noqa: F811
    seed_demo(PASSWORD)
    allowed = data_names()
    admin = User.objects.get(username="admin")
    changelists = [url for url in admin_urls(admin) if not url.endswith(("/add/", "/change/")) and url != "/admin/"]
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill("admin")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        for path in changelists:
            page.goto(f"{live_server.url}{path}")
            assert page.evaluate(CUT_OFF) == [], path
        for name, path in PAGES.items():
            page.goto(f"{live_server.url}{path}")
            assert page.evaluate(CUT_OFF) == [], name
            assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"], name
            assert english_words(page.content(), allowed) == set(), name
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
        page.goto(f"{live_server.url}/admin/audit/auditevent/")
        headers = page.locator("#result_list thead th").all_inner_texts()
        assert [h.strip() for h in headers] == ["时间", "动作", "操作人", "组织", "对象", "状态变化"]
    finally:
        context.close()
