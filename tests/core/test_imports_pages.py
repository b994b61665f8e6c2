"""The 数据导入 pages and API: template download (headers, example, validation lists), upload →
report or summary → confirm, and who may see what (another's job 404, a school head 403)."""

from io import BytesIO

import pytest
from rest_framework.test import APIClient

from core.imports.models import ImportJob, ImportState
from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.core.imports_helpers import upload_of
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    bureau = OrganisationFactory.bureau()
    OrganisationFactory.district(name="和平区", code="heping")
    OrganisationFactory.district(name="沈河区", code="shenhe")
    return person("sysadmin", role=Role.ADMIN, at=bureau)


ROW = ["2101020001", "和平区第一小学", "小学", "公办", "和平区", "", ""]


def test_the_template_has_chinese_headers_an_example_and_validation_lists(client, admin):
    from openpyxl import load_workbook

    client.force_login(admin)
    answer = client.get("/imports/schools/template/")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(answer.content)).active
    assert [c.value for c in sheet[1]] == ["学校标识码", "学校名称", "学校类型", "办学性质", "所属区县", "地址", "负责人手机号"]
    assert sheet["A2"].value == "2101020001" and sheet["A1"].comment.text.startswith("必填")
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["C2:C100000"] == '"幼儿园,小学,初中,九年一贯制,普通高中,中职,特教"'
    assert lists["D2:D100000"] == '"公办,民办"'
    assert lists["E2:E100000"] == '"和平区,沈河区"'


def test_upload_shows_the_report_and_confirm_imports(client, admin):
    client.force_login(admin)
    bad = client.post("/imports/schools/upload/", {"file": upload_of("schools", [ROW[:2] + ["大学"] + ROW[3:]])},
                      follow=True)
    html = bad.content.decode()
    assert "检查发现 1 处错误，未导入任何数据" in html and "“大学”不是可选的学校类型" in html
    good = client.post("/imports/schools/upload/", {"file": upload_of("schools", [ROW])}, follow=True)
    assert "确认后将新增 1 条、更新 0 条，0 条与现有数据相同、不变。" in good.content.decode()
    job = ImportJob.objects.get(state=ImportState.READY)
    done = client.post(f"/imports/jobs/{job.pk}/confirm/", follow=True)
    assert "已导入：新增 1 条，更新 0 条，未变 0 条。" in done.content.decode()
    assert Organisation.objects.filter(kind=OrgKind.SCHOOL, code="2101020001").exists()


def test_a_disguised_file_is_refused_on_the_page(client, admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin)
    page = client.post("/imports/people/upload/", {"file": SimpleUploadedFile("人员.xlsx", b"PK\x03\x04 not really")})
    assert page.status_code == 400 and "内容不是 Excel 工作簿" in page.content.decode()
    assert not ImportJob.objects.exists()


def test_a_school_head_is_refused_everywhere(client, admin):
    school = OrganisationFactory.school()
    head = person("head", role=Role.SCHOOL_HEAD, at=school)
    job = ImportJob.objects.create(kind="people", owner=admin, file="imports/x.xlsx", file_name="x.xlsx",
                                   state=ImportState.READY)
    client.force_login(head)
    assert client.get("/imports/").status_code == 403
    assert client.post("/imports/people/upload/", {"file": upload_of("people", [])}).status_code == 403
    assert client.post(f"/imports/jobs/{job.pk}/confirm/").status_code == 403
    api = APIClient()
    api.force_authenticate(head)
    assert api.post("/api/v1/imports/", {"kind": "people", "file": upload_of("people", [])},
                    format="multipart").status_code == 403
    assert api.get(f"/api/v1/imports/{job.pk}/").status_code == 404
    assert api.post(f"/api/v1/imports/{job.pk}/confirm/").status_code == 404
    assert api.get("/api/v1/imports/templates/people/").status_code == 403
    job.refresh_from_db()
    assert job.state == ImportState.READY and ImportJob.objects.count() == 1


def test_api_upload_read_confirm(admin):
    api = APIClient()
    api.force_authenticate(admin)
    created = api.post("/api/v1/imports/", {"kind": "schools", "file": upload_of("schools", [ROW])},
                       format="multipart")
    assert created.status_code == 201 and created.json()["state"] == "ready"
    assert created.json()["summary"] == {"created": 1, "updated": 0, "unchanged": 0}
    pk = created.json()["id"]
    assert api.get(f"/api/v1/imports/{pk}/").json()["percent"] == 100
    confirmed = api.post(f"/api/v1/imports/{pk}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "done"
    again = api.post(f"/api/v1/imports/{pk}/confirm/")
    assert again.status_code == 400 and "不能确认" in again.json()["detail"]
    unknown = api.post("/api/v1/imports/", {"kind": "nothing", "file": upload_of("schools", [ROW])}, format="multipart")
    assert unknown.status_code == 404
    invalid = api.post("/api/v1/imports/", {"kind": "schools", "file": upload_of("schools", [["123"] + ROW[1:]])},
                       format="multipart")
    assert invalid.json()["errors"] == [{"row": 2, "column": "学校标识码", "message": "学校标识码应为10位数字，“123”不是。"}]
    listed = api.get("/api/v1/imports/")
    assert listed.status_code == 200 and len(listed.json()["results"]) == 2


def test_another_persons_job_is_not_found(admin):
    other = person("clerk", role=Role.CITY_HEAD, at=OrganisationFactory.department())
    job = ImportJob.objects.create(kind="schools", owner=admin, file="imports/x.xlsx", file_name="x.xlsx",
                                   state=ImportState.READY)
    api = APIClient()
    api.force_authenticate(other)
    assert api.get(f"/api/v1/imports/{job.pk}/").status_code == 404
