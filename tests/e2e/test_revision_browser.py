"""修改后重新提交 in a real browser (Debian's chromium, zh-CN): the school head edits the returned
application's fields on the item page, adds a file to 申报材料 and resubmits; the reviewer sees
what changed and the file with its version. Screenshots at 1280 and 390 px."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people
from tests.sample_files import pdf
from tests.sampleapp.models import SampleDetails
from tests.workflows.engine.conftest import open_task
from workflows.engine import services
from workflows.engine.models import Item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_head_edits_and_resubmits_the_reviewer_sees_the_diff(browser, live_server, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    city, item = people()
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请核实在校生人数并补充自评报告。")
    ARTIFACTS.mkdir(exist_ok=True)
    item_path = f"/work/items/{item.pk}/"
    school = Session(browser, live_server, "head")
    try:
        page = school.page
        school.open(item_path)
        assert "修改申报内容" in page.inner_text("main")
        page.get_by_label("在校生人数").fill("912")
        page.get_by_label("修改说明").fill("已核实人数，补充自评报告。")
        page.get_by_label("材料类别（随重新提交上传的文件）").select_option(label="自评报告")
        report = tmp_path / "自评报告.pdf"
        report.write_bytes(pdf())
        page.get_by_label("附件").set_input_files(str(report))
        for viewport in (DESKTOP, PHONE):
            school.shoot("revision-form", viewport)
        page.get_by_role("button", name="重新提交").click()
        page.wait_for_url(f"{school.url}{item_path}")
        assert "已重新提交。" in page.inner_text("main")
    finally:
        school.close()
    assert Item.objects.get(pk=item.pk).status == "district_review"
    assert SampleDetails.objects.get(item=item).pupils == 912

    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open(item_path)
        changes = page.locator("section.changes").inner_text()
        assert "860" in changes and "912" in changes and "自评报告.pdf" in changes
        files = page.locator("ul.files").first.inner_text()
        assert "自评报告.pdf" in files and "第1版" in files
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("revision-reviewer", viewport)
    finally:
        reviewer.close()
