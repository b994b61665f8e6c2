"""Importing schools from Excel (core.imports, kind "schools"): the dry run's report cell by cell,
all or nothing, re-import changes nothing, a changed row updates its school only, bad files."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEvent
from core.imports.models import ImportJob, ImportState
from core.imports.services import confirm_import, upload_import
from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.core.imports_helpers import report, upload_of, xlsx_bytes
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    bureau = OrganisationFactory.bureau()
    heping = OrganisationFactory.district(name="和平区", code="heping")
    OrganisationFactory.district(name="沈河区", code="shenhe")
    admin = person("sysadmin", role=Role.ADMIN, at=bureau)
    head = person("head13900000001", phone="13900000001")
    return {"admin": admin, "heping": heping, "head": head}


ROWS = [
    ["2101020001", "和平区第一小学", "小学", "公办", "和平区", "南京南街1号", "13900000001"],
    ["2101030002", "沈河区实验中学", "初中", "民办", "沈河区", "", ""],
]


def schools():
    return sorted(Organisation.objects.filter(kind=OrgKind.SCHOOL).values_list(
        "code", "name", "school_type", "ownership", "parent__name", "address", "head__username"))


def test_a_valid_file_checks_then_writes_all_with_one_audit_event(city):
    job = upload_import(kind="schools", upload=upload_of("schools", ROWS), by=city["admin"])
    assert job.state == ImportState.READY and job.summary == {"created": 2, "updated": 0, "unchanged": 0}
    assert schools() == []  # the dry run wrote nothing
    job = confirm_import(job=job, by=city["admin"])
    assert job.state == ImportState.DONE
    assert schools() == [
        ("2101020001", "和平区第一小学", "primary", "public", "和平区", "南京南街1号", "head13900000001"),
        ("2101030002", "沈河区实验中学", "junior", "private", "沈河区", "", None),
    ]
    school = Organisation.objects.get(code="2101020001")
    assert school.path == city["heping"].path + f"{school.pk:010d}/"  # in the tree, under its district
    assert school in city["heping"].subtree()
    event = AuditEvent.objects.get(action="imports.committed")
    assert event.actor == city["admin"] and event.data["created"] == 2 and event.data["kind"] == "schools"


def test_an_invalid_file_is_reported_cell_by_cell_and_nothing_is_written(city):
    rows = [
        ["210102000", "和平区第一小学", "小学", "公办", "和平区", "", ""],
        ["2101020003", "", "大学", "国办", "铁西区", "", "12345"],
        ["2101020004", "和平区第二小学", "小学", "公办", "和平区", "", ""],
        ["2101020004", "和平区第二小学分校", "小学", "公办", "和平区", "", ""],
        ["2101020005", "和平区第三小学", "小学", "公办", "和平区", "", "137 0000 0000"],
        ["2101020003", "和平区第四小学", "小学", "公办", "和平区", "", ""],  # repeats row 3, wrong elsewhere
    ]
    job = upload_import(kind="schools", upload=upload_of("schools", rows), by=city["admin"])
    assert job.state == ImportState.INVALID and job.error_count == 9
    assert report(job) == [
        (2, "学校标识码", "学校标识码应为10位数字，“210102000”不是。"),
        (3, "学校名称", "必填，不能为空。"),
        (3, "学校类型", "“大学”不是可选的学校类型；可选：幼儿园、小学、初中、九年一贯制、普通高中、中职、特教。"),
        (3, "办学性质", "“国办”不是可选的办学性质；可选：公办、民办。"),
        (3, "所属区县", "没有名为“铁西区”的区县。"),
        (3, "负责人手机号", "“12345”不是有效的大陆手机号（11位，以1开头）。"),
        (5, "学校标识码", "与第 4 行重复：同一文件中学校标识码不能重复。"),
        (6, "负责人手机号", "找不到手机号为 137 0000 0000 的人员，请先导入人员。"),
        (7, "学校标识码", "与第 3 行重复：同一文件中学校标识码不能重复。"),
    ]
    assert schools() == [] and not AuditEvent.objects.filter(action="imports.committed").exists()
    with pytest.raises(ValidationError, match="不能确认"):
        confirm_import(job=job, by=city["admin"])
    assert schools() == []


def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_updates_only_itself(city):
    confirm_import(job=upload_import(kind="schools", upload=upload_of("schools", ROWS), by=city["admin"]),
                   by=city["admin"])
    before = schools()
    again = upload_import(kind="schools", upload=upload_of("schools", ROWS), by=city["admin"])
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    confirm_import(job=again, by=city["admin"])
    assert schools() == before

    other = Organisation.objects.get(code="2101030002")
    changed = [ROWS[0][:1] + ["和平区第一小学（南校区）"] + ROWS[0][2:4] + ["沈河区", "新址", ""], ROWS[1]]
    job = upload_import(kind="schools", upload=upload_of("schools", changed), by=city["admin"])
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 1}
    confirm_import(job=job, by=city["admin"])
    school = Organisation.objects.get(code="2101020001")
    assert (school.name, school.parent.name, school.address, school.head) == ("和平区第一小学（南校区）", "沈河区", "新址", None)
    assert school.path.startswith(school.parent.path)  # moved with its district
    assert Organisation.objects.get(pk=other.pk).path == other.path


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("学校.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 600), "请上传 Excel 工作簿（.xlsx）"),
    (SimpleUploadedFile("学校.xlsx", b"<html><body>not a workbook</body></html>"), "内容不是 Excel 工作簿"),
    (SimpleUploadedFile("学校.xlsx", b""), "是空文件"),
])
def test_a_wrong_or_disguised_file_is_refused_before_anything(city, upload, message):
    with pytest.raises(ValidationError, match=message):
        upload_import(kind="schools", upload=upload, by=city["admin"])
    assert not ImportJob.objects.exists()


def test_missing_columns_are_named(city):
    upload = SimpleUploadedFile("学校.xlsx", xlsx_bytes(["学校标识码", "学校名称"], [["2101020001", "一校"]]))
    job = upload_import(kind="schools", upload=upload, by=city["admin"])
    assert report(job) == [(1, "学校类型、办学性质、所属区县",
                            "缺少列：学校类型、办学性质、所属区县。请使用下载的模板，不要修改第一行的列名。")]


def test_a_second_import_of_the_kind_while_one_runs_is_refused(city):
    ImportJob.objects.create(kind="schools", owner=city["admin"], file="imports/x.xlsx", file_name="x.xlsx",
                             state=ImportState.CHECKING)
    with pytest.raises(ValidationError, match="另一个学校导入正在进行"):
        upload_import(kind="schools", upload=upload_of("schools", ROWS), by=city["admin"])
    assert ImportJob.objects.count() == 1 and schools() == []


@pytest.mark.parametrize("role, at", [(Role.SCHOOL_HEAD, "school"), (Role.DISTRICT_HEAD, "district"),
                                      (Role.CITY_HEAD, "department")])
def test_only_a_system_administrator_imports_schools(city, role, at):
    org = getattr(OrganisationFactory, at)()
    intruder = person("intruder", role=role, at=org)
    before = schools()
    with pytest.raises(PermissionDenied):
        upload_import(kind="schools", upload=upload_of("schools", ROWS), by=intruder)
    assert not ImportJob.objects.exists() and schools() == before
