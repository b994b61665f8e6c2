"""导出任务 in a real browser (Debian's chromium, zh-CN): 事项查询 too long to wait for offers
"后台导出 Excel"; the job's page shows its bar, which moves as the worker reports (the page's
script polls the API) and turns into "下载 Excel" when done; the file holds the page's items; the
notification links to the job; a colleague of the same district is told it does not exist.
Screenshots at 1280 and 390 px."""

import io
import os
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.celery_queue import purge_queued, run_queued
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people
from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.exports.conftest import fresh_publishing
from workflows.engine.exports import services
from workflows.engine.exports.models import ExportJob

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_background_export_from_request_to_download(browser, live_server, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    settings.EXPORTS_BACKGROUND_ABOVE = 1
    fresh_publishing()
    purge_queued()
    city, item = people(names=(("reviewer", "王审核"), ("reviewer2", "赵审核"), ("head", "李校长")))
    others = []
    for title in ("和平一校科技特色学校申报", "和平一校艺术特色学校申报"):
        other = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                              title=title, summary="特色。", pupils=700)
        sample_submit(item=other, by=city.head)
        others.append(other)
    theirs = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b,
                           title="沈河一校申报", summary="沈河。", pupils=500)
    sample_submit(item=theirs, by=city.head_b)
    ARTIFACTS.mkdir(exist_ok=True)
    reviewer = Session(browser, live_server, "reviewer")
    colleague = Session(browser, live_server, "reviewer2")
    try:
        page = reviewer.page
        reviewer.open("/work/items/?sort=ref_no")
        on_page = re.findall(r"SA-\d{4}-\d{6}", page.inner_text("main"))
        assert page.get_by_text("共 3 条，记录较多").is_visible()
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("export-job-offer", viewport)
        page.get_by_role("button", name="后台导出 Excel").click()
        page.wait_for_url(re.compile(r"/work/exports/\d+/$"))
        job = ExportJob.objects.get()
        assert page.get_by_text("已开始在后台导出，共 3 条").is_visible()
        assert page.locator(".export-progress").inner_text().count("0 / 3 条")
        assert page.get_by_text("排序：按编号").is_visible()
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("export-job-queued", viewport)

        # The worker takes it and reports two rows done: the bar moves without a reload.
        services.begin(job.pk)
        services.report_progress(job.pk, 2)
        expect(page.locator("[data-export-count]")).to_contain_text("2 / 3 条（66%）", timeout=30000)
        expect(page.locator("progress")).to_have_attribute("value", "2")
        expect(page.locator("[data-export-label]")).to_have_text("生成中")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("export-job-running", viewport)

        # The worker finishes (the job as a worker runs it): the page reloads with the download.
        assert run_queued(services.TASK_NAME) == 1
        download_link = page.get_by_role("link", name="下载 Excel")
        download_link.wait_for(timeout=30000)
        assert page.locator("[data-export-label]").inner_text() == "已完成"
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("export-job-done", viewport)
        with page.expect_download() as download:
            download_link.click()
        assert download.value.suggested_filename.endswith(".xlsx")
        with open(download.value.path(), "rb") as f:
            rows = [list(row) for row in load_workbook(io.BytesIO(f.read())).worksheets[0].iter_rows(values_only=True)]
        assert rows[0][:3] == ["编号", "事项", "类别"]
        assert [row[0] for row in rows[1:]] == on_page == sorted(x.ref_no for x in [item, *others])
        assert theirs.ref_no not in {row[0] for row in rows}

        # The notification leads to the job; 导出任务 lists it.
        reviewer.open("/notifications/")
        page.get_by_text("导出文件已生成").first.wait_for()
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("export-job-notification", viewport)
        page.get_by_role("button", name=re.compile("导出文件已生成：事项查询（3 条）")).click()
        page.wait_for_url(re.compile(rf"/work/exports/{job.pk}/"))
        reviewer.open("/work/exports/")
        assert page.locator("#export-jobs").get_by_role("link", name="下载").is_visible()
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("export-job-list", viewport)

        # A colleague of the same district: not found, and nothing to download.
        colleague.open(f"/work/exports/{job.pk}/")
        assert "页面不存在" in colleague.page.inner_text("body") or "未找到" in colleague.page.inner_text("body")
        colleague.open("/work/exports/")
        assert colleague.page.get_by_text("还没有导出任务").is_visible()
        for viewport in (DESKTOP, PHONE):
            colleague.shoot("export-job-colleague", viewport)
    finally:
        reviewer.close()
        colleague.close()
