"""Importing people from Excel (kind "people"): phone as the key and new login, roles checked
against the kind of organisation, all or nothing, re-import, changed rows, and who may."""

import pytest
from django.core.exceptions import PermissionDenied

from core.audit.models import AuditEvent
from core.imports.models import ImportJob, ImportState
from core.imports.services import confirm_import, upload_import
from core.orgs.models import RoleGrant, User
from core.orgs.roles import Role
from tests.core.imports_helpers import report, upload_of
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    bureau = OrganisationFactory.bureau()
    district = OrganisationFactory.district(name="和平区", code="heping")
    school = OrganisationFactory.school(parent=district, code="2101020001", name="和平一校")
    return {"admin": person("sysadmin", role=Role.ADMIN, at=bureau), "district": district, "school": school}


ROWS = [
    ["张明", "138 0000 0001", "2101020001", "申报人、学校负责人", "zhang@example.cn", "T001"],
    ["李华", "13800000002", "heping", "区县审核员", "", ""],
]


def people():
    return sorted(User.objects.filter(phone__startswith="138").values_list(
        "username", "full_name", "phone", "email", "staff_number", "must_change_password"))


def grants():
    return sorted(RoleGrant.objects.filter(user__phone__startswith="138").values_list(
        "user__phone", "role", "organisation__code"))


def imported(city, rows):
    job = upload_import(kind="people", upload=upload_of("people", rows), by=city["admin"])
    assert job.state == ImportState.READY, job.errors
    return confirm_import(job=job, by=city["admin"])


def test_a_valid_file_creates_people_with_their_roles(city):
    job = imported(city, ROWS)
    assert job.summary == {"created": 2, "updated": 0, "unchanged": 0}
    assert people() == [("13800000001", "张明", "13800000001", "zhang@example.cn", "T001", True),
                        ("13800000002", "李华", "13800000002", "", "", True)]
    assert grants() == [("13800000001", "applicant", "2101020001"), ("13800000001", "school_head", "2101020001"),
                        ("13800000002", "district_reviewer", "heping")]
    assert not User.objects.get(phone="13800000001").has_usable_password()
    assert AuditEvent.objects.filter(action="imports.committed").count() == 1


def test_an_invalid_file_is_reported_cell_by_cell_and_nothing_is_written(city):
    rows = [
        ["王五", "1380000000", "2101020001", "申报人", "", ""],
        ["赵六", "13800000004", "2101020001", "区县审核员", "", ""],
        ["钱七", "13800000005", "nowhere", "校长", "not-an-email", ""],
        ["孙八", "13800000006", "2101020001", "系统管理员", "", ""],
        ["", "13800000007", "heping", "", "", ""],
    ]
    job = upload_import(kind="people", upload=upload_of("people", rows), by=city["admin"])
    assert job.state == ImportState.INVALID
    roles = "申报人、学校负责人、区县经办人、区县审核员、区县负责人、市局处室审核员、市局处室负责人、办公室文书、评审专家、督学"
    assert report(job) == [
        (2, "手机号", "“1380000000”不是有效的大陆手机号（11位，以1开头）。"),
        (3, "角色", "角色“区县审核员”不能设在学校（和平一校）。"),
        (4, "所在单位代码", "没有代码为“nowhere”的单位。"),
        (4, "角色", f"“校长”不是可选的角色；可选：{roles}。"),
        (4, "电子邮箱", "“not-an-email”不是有效的电子邮箱地址。"),
        (5, "角色", f"“系统管理员”不是可选的角色；可选：{roles}。"),
        (6, "姓名", "必填，不能为空。"),
        (6, "角色", "必填：至少填写一个角色。"),
    ]
    assert people() == [] and grants() == []


def test_reimport_changes_nothing_and_a_changed_row_updates_only_it(city):
    imported(city, ROWS)
    before_people, before_grants = people(), grants()
    again = imported(city, ROWS)
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    assert (people(), grants()) == (before_people, before_grants)

    changed = [["张明", "13800000001", "2101020001", "申报人、学校负责人", "ming@example.cn", "T001"],
               ["李华", "13800000002", "heping", "区县审核员、区县负责人", "", ""]]
    job = imported(city, changed)
    assert job.summary == {"created": 0, "updated": 2, "unchanged": 0}
    assert User.objects.get(phone="13800000001").email == "ming@example.cn"
    assert grants() == sorted(before_grants + [("13800000002", "district_head", "heping")])
    # A role held but not listed stays: an import never takes a role away.
    imported(city, [["李华", "13800000002", "heping", "区县负责人", "", ""]])
    assert ("13800000002", "district_reviewer", "heping") in grants()


def test_a_duplicate_phone_in_the_file_is_named(city):
    job = upload_import(kind="people", upload=upload_of("people", [ROWS[0], ["张明二", "13800000001", "heping",
                                                                            "区县经办人", "", ""]]), by=city["admin"])
    assert report(job) == [(3, "手机号", "与第 2 行重复：同一文件中手机号不能重复。")]


def test_a_school_head_may_not_import_people(city):
    head = person("head", role=Role.SCHOOL_HEAD, at=city["school"])
    with pytest.raises(PermissionDenied):
        upload_import(kind="people", upload=upload_of("people", ROWS), by=head)
    assert not ImportJob.objects.exists() and people() == []
