"""打印审批单 in a real browser (Debian's chromium, zh-CN): the item page links to the sheet; on
screen the sheet has its tools; printed (emulated print media, and chromium's own PDF) the top
bar, the tabs, the language selector and the tools are gone, and the sheet is all there is.
Screenshots at 1280 and 390 px, and of the printed page."""

import os

import pytest

from core.pdf import pdf_text
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people
from tests.workflows.engine.conftest import open_task
from workflows.engine import services

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HIDDEN_IN_PRINT = ("header.topbar", "footer", "#lang", "nav.worknav", ".sheet-tools")


def test_the_sheet_prints_without_the_site_around_it(browser, live_server):  # noqa: F811
    city, item = people()
    services.approve_task(task=open_task(item), by=city.reviewer, comment="同意，报市局审核。")
    ARTIFACTS.mkdir(exist_ok=True)
    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open(f"/work/items/{item.pk}/")
        page.get_by_role("link", name="打印审批单").click()
        page.wait_for_url(f"{reviewer.url}/work/items/{item.pk}/print/")
        assert page.get_by_role("heading", name="审批单").is_visible()
        sheet = page.inner_text("article.sheet")
        for text in (item.ref_no, "市局审核中", "同意，报市局审核。", "王审核", "和平区", "办理人："):
            assert text in sheet, text
        assert page.get_by_role("button", name="打印").is_visible()
        assert page.locator("header.topbar").is_visible() and page.locator("#lang").is_visible()
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("print-sheet-screen", viewport)

        page.emulate_media(media="print")
        for selector in HIDDEN_IN_PRINT:
            assert not page.locator(selector).first.is_visible(), selector
        assert page.locator("article.sheet").is_visible()
        page.screenshot(path=str(ARTIFACTS / "print-sheet-printed.png"), full_page=True)
        printed = page.pdf(format="A4", print_background=True)
        (ARTIFACTS / "print-sheet-chromium.pdf").write_bytes(printed)
        text = pdf_text(printed)
        assert "同意，报市局审核。" in text and item.ref_no in text
        for absent in ("退出", "修改密码", "语言", "待办可领取", "下载PDF"):
            assert absent not in text, absent

        # The item page prints without the site around it too (and without its forms).
        reviewer.open(f"/work/items/{item.pk}/")
        for selector in ("header.topbar", "footer", "nav.worknav", "form"):
            assert not page.locator(selector).first.is_visible(), selector
        page.screenshot(path=str(ARTIFACTS / "print-item-printed.png"), full_page=True)
        page.emulate_media(media="screen")

        # The PDF download, from the sheet's link.
        reviewer.open(f"/work/items/{item.pk}/print/")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载 PDF").click()
        assert download.value.suggested_filename == f"审批单-{item.ref_no}.pdf"
        assert "同意，报市局审核。" in pdf_text(open(download.value.path(), "rb").read())
    finally:
        reviewer.close()
