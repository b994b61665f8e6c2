"""导出 Excel in a real browser (Debian's chromium, zh-CN): 事项查询 filtered, then 导出 Excel gives
a workbook with exactly the filtered items; 统计 exports too. Screenshots at 1280 and 390 px."""

import io
import os

import pytest
from openpyxl import load_workbook

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people
from tests.sampleapp.services import sample_create, sample_submit

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def downloaded(page, link_name) -> list[list]:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_filtered_search_and_the_statistics_export(browser, live_server):  # noqa: F811
    city, item = people()
    other = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                          title="和平一校科技特色学校申报", summary="科技。", pupils=800)
    sample_submit(item=other, by=city.head)
    ARTIFACTS.mkdir(exist_ok=True)
    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open("/work/items/?q=劳动")
        assert item.ref_no in page.inner_text("main") and other.ref_no not in page.inner_text("main")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("export-items", viewport)
        rows = downloaded(page, "导出 Excel")
        assert rows[0][:2] == ["编号", "事项"] and [row[0] for row in rows[1:]] == [item.ref_no]

        reviewer.open("/work/stats/")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("export-stats", viewport)
        rows = downloaded(page, "导出 Excel")
        assert rows[0][0].endswith("共 2 件，逾期 0 件")
    finally:
        reviewer.close()
