"""Importing a department's experts from Excel (workflows.engine.experts.imports on core.imports):
the department imports into its own pool only; fields and declared conflicts; re-import; report."""

import pytest
from django.core.exceptions import PermissionDenied

from core.imports.models import ImportJob, ImportState
from core.imports.services import confirm_import, upload_import
from core.orgs.roles import Role
from tests.core.imports_helpers import report, upload_of
from tests.factories import OrganisationFactory, person
from workflows.engine.experts.pool_models import Expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    OrganisationFactory.bureau()
    basic = OrganisationFactory.department(name="基础教育处", code="basic")
    other = OrganisationFactory.department(name="职成教处", code="vocational")
    district = OrganisationFactory.district(name="和平区", code="heping")
    school = OrganisationFactory.school(parent=district, code="2101020001", name="和平一校")
    person("expert1", phone="13800000001")
    person("expert2", phone="13800000002")
    return {"basic": basic, "other": other, "school": school, "district": district,
            "head": person("basic-head", role=Role.CITY_HEAD, at=basic),
            "other_head": person("other-head", role=Role.CITY_HEAD, at=other)}


ROWS = [
    ["13800000001", "2101020001", "小学、初中", "数学", "", "高级教师", "heping"],
    ["13800000002", "heping", "高中", "物理、化学", "实验教学", "", ""],
]


def pool(department):
    return sorted(
        (e.user.phone, e.home.code, e.title, sorted(f.name for f in e.fields.all()),
         sorted(c.organisation.code for c in e.conflicts.all()))
        for e in Expert.objects.filter(department=department).select_related("user", "home")
        .prefetch_related("fields", "conflicts__organisation"))


def imported(city, rows):
    job = upload_import(kind="experts", upload=upload_of("experts", rows), by=city["head"], scope=city["basic"])
    assert job.state == ImportState.READY, job.errors
    return confirm_import(job=job, by=city["head"])


def test_a_department_imports_its_experts_with_fields_and_conflicts(city):
    job = imported(city, ROWS)
    assert job.summary == {"created": 2, "updated": 0, "unchanged": 0}
    assert pool(city["basic"]) == [
        ("13800000001", "2101020001", "高级教师", ["初中", "小学", "数学"], ["heping"]),
        ("13800000002", "heping", "", ["化学", "实验教学", "物理", "高中"], []),
    ]
    assert pool(city["other"]) == []


def test_reimport_changes_nothing_and_a_changed_row_updates_it(city):
    imported(city, ROWS)
    before = pool(city["basic"])
    assert imported(city, ROWS).summary == {"created": 0, "updated": 0, "unchanged": 2}
    assert pool(city["basic"]) == before
    job = imported(city, [["13800000001", "2101020001", "小学", "数学", "", "正高级教师", "heping、basic"], ROWS[1]])
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 1}
    assert pool(city["basic"])[0] == ("13800000001", "2101020001", "正高级教师", ["小学", "数学"], ["basic", "heping"])
    assert pool(city["basic"])[1] == before[1]


def test_an_invalid_file_is_reported_and_nothing_is_written(city):
    rows = [["13900000009", "2101020001", "小学", "", "", "", ""],
            ["13800000002", "nowhere", "", "", "", "", "elsewhere"]]
    job = upload_import(kind="experts", upload=upload_of("experts", rows), by=city["head"], scope=city["basic"])
    assert job.state == ImportState.INVALID
    assert report(job) == [
        (2, "手机号", "找不到手机号为 13900000009 的人员，请先导入人员。"),
        (3, "工作单位代码", "没有代码为“nowhere”的单位。"),
        (3, "回避单位代码", "没有代码为“elsewhere”的单位。"),
    ]
    assert pool(city["basic"]) == []


def test_a_department_may_not_import_into_another_departments_pool(city):
    with pytest.raises(PermissionDenied):
        upload_import(kind="experts", upload=upload_of("experts", ROWS), by=city["other_head"], scope=city["basic"])
    school_head = person("school-head", role=Role.SCHOOL_HEAD, at=city["school"])
    with pytest.raises(PermissionDenied):
        upload_import(kind="experts", upload=upload_of("experts", ROWS), by=school_head, scope=city["basic"])
    assert not ImportJob.objects.exists() and pool(city["basic"]) == []
