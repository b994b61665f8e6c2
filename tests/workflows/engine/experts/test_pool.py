"""Keeping the pool: adding, editing, deactivating experts and their conflicts, audited; bad input
refused with nothing written; only the department's staff (and administrators) reach it."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.engine.experts.helpers import application, expert, outside_experts, town  # noqa: F401
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.experts import selectors
from workflows.engine.experts.draw import PanelShort, draw_panel
from workflows.engine.experts.pool import add_conflict, add_expert, edit_expert, remove_conflict, set_expert_active
from workflows.engine.experts.pool_models import ConflictReason, Expert, ExpertConflict, ExpertField

pytestmark = pytest.mark.django_db


def test_add_edit_and_deactivate_an_expert_each_audited(town):  # noqa: F811
    row = expert(town, "张明远", town.school_c1, fields={"stage": ["小学", " 初中 "], "specialty": ["课程改革"]})
    assert sorted(map(str, row.fields.all())) == sorted(["学段：初中", "学段：小学", "专长：课程改革"])
    edit_expert(expert=row, by=town.city.city_head, home=town.school_d1, title="正高级教师",
                fields={"subject": ["语文"]})
    row.refresh_from_db()
    assert (row.home, row.title, [str(f) for f in row.fields.all()]) == (town.school_d1, "正高级教师", ["学科：语文"])
    set_expert_active(expert=row, active=False, by=town.city.city)
    with pytest.raises(InvalidState, match="该专家已停用"):
        set_expert_active(expert=row, active=False, by=town.city.city)
    actions = list(AuditEvent.objects.filter(object_id=str(row.pk), content_type__model="expert").order_by("seq")
                   .values_list("action", flat=True))
    assert actions == ["expert_added", "expert_edited", "expert_deactivated"]
    assert ExpertField.objects.filter(name="初中").count() == 1


def test_a_deactivated_expert_is_not_drawn(town):  # noqa: F811
    rows = outside_experts(town, 3)
    set_expert_active(expert=rows[0], active=False, by=town.city.city)
    with pytest.raises(PanelShort):
        draw_panel(items=[application(town)], size=3, by=town.city.city)
    set_expert_active(expert=rows[0], active=True, by=town.city.city)
    assert draw_panel(items=[application(town, title="再次")], size=3, by=town.city.city).size == 3


def test_conflicts_are_added_and_removed(town):  # noqa: F811
    row = expert(town, "王丽华", town.school_c1)
    conflict = add_conflict(expert=row, organisation=town.school_a, reason=ConflictReason.RELATIVE,
                            detail="配偶任教", by=town.city.city)
    with pytest.raises(ValidationError, match="已登记回避“和平一校”"):
        add_conflict(expert=row, organisation=town.school_a, reason=ConflictReason.OTHER, by=town.city.city)
    with pytest.raises(ValidationError, match="请选择回避原因"):
        add_conflict(expert=row, organisation=town.school_b, reason="enemy", by=town.city.city)
    remove_conflict(conflict=conflict, by=town.city.city)
    assert not ExpertConflict.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="expert_conflict").count() == 2


@pytest.mark.parametrize("changes, message", [
    ({"fields": {"colour": ["红"]}}, "未知的专业领域类别"),
    ({"fields": {"stage": ["长" * 51]}}, "不能超过50个字"),
    ({"title": "长" * 51}, "不能超过50个字"),
    ({"home": None}, "请选择一个有效的单位"),
    ({"department": 1}, "不能修改这些字段"),
])
def test_bad_edits_are_refused_and_write_nothing(town, changes, message):  # noqa: F811
    row = expert(town, "李建国", town.school_c1)
    with pytest.raises(ValidationError, match=message):
        edit_expert(expert=row, by=town.city.city, **changes)
    row.refresh_from_db()
    assert row.home == town.school_c1 and row.title == "" and row.fields.count() == 2
    assert not AuditEvent.objects.filter(action="expert_edited").exists()


def test_one_person_is_once_in_a_pool(town):  # noqa: F811
    row = expert(town, "刘芳", town.school_c1)
    with pytest.raises(ValidationError, match="刘芳已在本处室专家库中"):
        add_expert(department=town.department, user=row.user, home=town.school_d1, by=town.city.city)
    assert Expert.objects.count() == 1


def test_only_the_department_s_staff_and_administrators_keep_its_pool(town):  # noqa: F811
    row = expert(town, "陈静", town.school_c1)
    other = OrganisationFactory.department(name="学前教育处", code="preschool")
    for stranger in [person("pre", Role.CITY_REVIEWER, other), town.reviewer, town.head, row.user,
                     person("district_staff_x", Role.DISTRICT_STAFF, town.district_c)]:
        with pytest.raises(NotFound):
            edit_expert(expert=row, by=stranger, title="改")
        with pytest.raises(NotFound):
            add_expert(department=town.department, user=stranger, home=town.school_d1, by=stranger)
        with pytest.raises(NotFound):
            selectors.pool(stranger, town.department)
    admin = person("admin_x", Role.ADMIN, town.bureau)
    edit_expert(expert=row, by=admin, title="高级教师")
    assert [e.pk for e in selectors.pool(admin, town.department)] == [row.pk]
