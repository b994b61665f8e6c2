"""Importing schools from Excel in a real browser (Debian's chromium), in Chinese: the system
administrator goes from 系统管理 to 数据导入, downloads the template, uploads a file with three
mistakes and reads them cell by cell (nothing written), uploads the corrected file, reads what
would change, confirms, and the schools are there. Screenshots go to test-artifacts/."""

import os

import pytest
from openpyxl import load_workbook

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.core.imports_helpers import xlsx_bytes
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session
from tests.factories import OrganisationFactory, person

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GOOD = [["2101020001", "和平区第一小学", "小学", "公办", "和平区", "和平区南京南街1号", ""],
        ["2101030001", "沈河区实验幼儿园", "幼儿园", "公办", "沈河区", "", ""]]
MISTAKES = [["210102001", "和平区第一小学", "小学", "公办", "和平区", "", ""],      # nine digits
            ["2101030001", "沈河区实验幼儿园", "幼儿园", "公办", "皇姑区", "", ""],  # no such district here
            ["2101030001", "沈河区第二幼儿园", "幼儿园", "公办", "沈河区", "", ""]]  # the same code again


def upload(page, tmp_path, name, headers, rows):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(headers, rows))
    form = page.get_by_role("form", name="导入学校")
    form.get_by_label("Excel 文件（.xlsx）").set_input_files(str(path))
    form.get_by_role("button", name="上传并检查").click()


def test_an_import_with_mistakes_then_corrected(browser, live_server, tmp_path):  # noqa: F811
    person("sysadmin", role=Role.ADMIN, at=OrganisationFactory.bureau(), password=PASSWORD, full_name="赵管理",
           is_staff=True)
    OrganisationFactory.district(name="和平区", code="heping")
    OrganisationFactory.district(name="沈河区", code="shenhe")
    ARTIFACTS.mkdir(exist_ok=True)
    admin = Session(browser, live_server, "sysadmin")
    try:
        page = admin.page
        admin.open("/admin/")
        page.get_by_role("link", name="数据导入（学校、人员、评审专家）").click()
        page.wait_for_url(f"{admin.url}/imports/")
        with page.expect_download() as download:
            page.get_by_role("form", name="导入学校").get_by_role("link", name="下载学校导入模板").click()
        saved = tmp_path / download.value.suggested_filename
        assert saved.suffix == ".xlsx", saved
        download.value.save_as(saved)
        template = load_workbook(saved).active
        headers = [cell.value for cell in template[1]]
        assert headers[:5] == ["学校标识码", "学校名称", "学校类型", "办学性质", "所属区县"]

        upload(page, tmp_path, "有错误.xlsx", headers, MISTAKES)
        page.wait_for_selector("#import-errors")
        assert "检查发现 3 处错误，未导入任何数据" in page.inner_text("main")
        cells = [row.locator("td").all_inner_texts() for row in page.locator("#import-errors tbody tr").all()]
        assert [(row, column) for row, column, _ in cells] == [("2", "学校标识码"), ("3", "所属区县"),
                                                               ("4", "学校标识码")], cells
        assert "10位数字" in cells[0][2] and "皇姑区" in cells[1][2] and "第 3 行" in cells[2][2], cells
        for viewport in (DESKTOP, PHONE):
            admin.shoot("import-errors", viewport)
        assert not Organisation.objects.filter(kind=OrgKind.SCHOOL).exists()

        page.get_by_role("link", name="返回数据导入").click()
        upload(page, tmp_path, "改正后.xlsx", headers, GOOD)
        page.wait_for_selector("text=检查通过")
        assert "确认后将新增 2 条、更新 0 条，0 条与现有数据相同、不变。" in page.inner_text("main")
        assert not Organisation.objects.filter(kind=OrgKind.SCHOOL).exists()
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_selector("text=已导入：新增 2 条，更新 0 条，未变 0 条。")
        admin.shoot("import-done", DESKTOP)
    finally:
        admin.close()
    schools = dict(Organisation.objects.filter(kind=OrgKind.SCHOOL).values_list("code", "parent__name"))
    assert schools == {"2101020001": "和平区", "2101030001": "沈河区"}
