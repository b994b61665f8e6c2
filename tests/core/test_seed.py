"""`manage.py seed_demo`: the demo city, idempotent, refused unless DEBUG."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from core.audit.models import AuditEvent
from core.orgs import demo_data
from core.orgs.models import Organisation, Ownership, RoleGrant, SchoolType, User
from core.orgs.roles import OrgKind, Role
from core.orgs.scoping import SELF, scope

pytestmark = pytest.mark.django_db

DISTRICT_NAMES = ["和平区", "沈河区", "大东区", "皇姑区", "铁西区", "苏家屯区", "浑南区", "沈北新区", "于洪区",
                  "辽中区", "康平县", "法库县", "新民市"]
DEPARTMENTS = {"basic": "基础教育处", "preschool": "学前教育处", "vocational": "职业教育处", "teachers": "教师工作处",
               "supervision": "督导室", "office": "办公室"}


def seed(*args) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return (Organisation.objects.count(), User.objects.count(), RoleGrant.objects.count(), AuditEvent.objects.count())


@pytest.fixture
def seeded():
    seed()


def test_refused_unless_debug_and_nothing_written():
    with override_settings(DEBUG=False), pytest.raises(CommandError) as exc:
        call_command("seed_demo", stdout=StringIO())
    assert "DEBUG=true" in str(exc.value) and "拒绝" in str(exc.value)
    assert counts() == (0, 0, 0, 0)


def test_the_tree(seeded):
    bureau = Organisation.objects.get(kind=OrgKind.BUREAU)
    assert bureau.name == "沈阳市教育局" and bureau.parent is None
    departments = Organisation.objects.filter(kind=OrgKind.DEPARTMENT)
    assert {d.code: d.name for d in departments} == DEPARTMENTS
    districts = Organisation.objects.filter(kind=OrgKind.DISTRICT)
    assert sorted(d.name for d in districts) == sorted(DISTRICT_NAMES)
    assert all(o.parent == bureau for o in [*departments, *districts])
    schools = list(Organisation.objects.filter(kind=OrgKind.SCHOOL).select_related("parent"))
    assert len({s.code for s in schools}) == len(schools) == 13 * 14
    for district in districts:
        mine = [s for s in schools if s.parent == district]
        assert Counter(s.school_type for s in mine) == {t: 2 for t in SchoolType.values}
        assert {s.ownership for s in mine if s.school_type == SchoolType.KINDERGARTEN} == set(Ownership.values)
        assert all(s.name.startswith(district.name) for s in mine)
    assert Organisation.objects.get(code="2210102003").name == "和平区第一小学"
    for org in Organisation.objects.all():
        org.full_clean()  # codes, types, ownership and parents all valid
        assert org.path == (org.parent.path if org.parent else "") + f"{org.pk:010d}/"


def test_one_user_per_role_per_organisation(seeded):
    for grant in RoleGrant.objects.select_related("organisation"):
        grant.full_clean(exclude=["user"])  # every role at its right kind of organisation
    held = set(RoleGrant.objects.values_list("user__username", "role", "organisation__code"))
    for code in DEPARTMENTS:
        assert {(f"{code}_reviewer", Role.CITY_REVIEWER, code), (f"{code}_head", Role.CITY_HEAD, code)} <= held
    assert ("office_clerk", Role.OFFICE_CLERK, "office") in held
    for code, _name, _division in demo_data.DISTRICTS:
        for role in ("staff", "reviewer", "head"):
            assert (f"{code}_{role}", f"district_{role}", code) in held
    for school in Organisation.objects.filter(kind=OrgKind.SCHOOL):
        assert (f"school_head_{school.code}", Role.SCHOOL_HEAD, school.code) in held
        assert (f"applicant_{school.code}", Role.APPLICANT, school.code) in held
    assert {role for _user, role, _org in held} == set(Role.values)
    assert User.objects.get(username="heping_reviewer").full_name == "和平区审核员"


def test_heads_are_set(seeded):
    for org in Organisation.objects.exclude(kind=OrgKind.BUREAU).select_related("head"):
        expected = f"school_head_{org.code}" if org.kind == OrgKind.SCHOOL else f"{org.code}_head"
        assert org.head.username == expected


def test_experts_and_inspectors_have_home_organisations_across_districts(seeded):
    experts = RoleGrant.objects.filter(role=Role.EXPERT).select_related("organisation")
    inspectors = RoleGrant.objects.filter(role=Role.INSPECTOR).select_related("organisation")
    assert experts.count() == 12 and inspectors.count() == 8
    assert len({g.organisation.district() for g in experts}) == 12
    assert len({g.organisation.district() for g in inspectors}) == 8
    assert all(g.user.full_name for g in [*experts, *inspectors])


def test_the_demo_password_and_the_superuser(seeded):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password("Demo@2026")
    assert User.objects.get(username="heping_reviewer").check_password("Demo@2026")
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()


def test_idempotent_running_twice_creates_nothing_new(seeded):
    before = counts()
    output = seed()
    assert counts() == before
    assert "新建组织 0 个、用户 0 个、角色授权 0 条" in output


def test_a_second_run_leaves_changed_heads_and_passwords_alone(seeded):
    district = Organisation.objects.get(code="heping")
    district.head = User.objects.get(username="heping_staff")
    district.save()
    user = User.objects.get(username="heping_reviewer")
    user.set_password("Changed@2026")
    user.save()
    seed()
    district.refresh_from_db()
    user.refresh_from_db()
    assert district.head.username == "heping_staff" and user.check_password("Changed@2026")
    seed("--reset-passwords")
    user.refresh_from_db()
    assert user.check_password("Demo@2026")


def test_fills_in_what_is_missing(seeded):
    before = counts()
    User.objects.filter(username="heping_staff").delete()
    seed()
    assert counts()[:3] == before[:3]


def test_the_seed_is_fast_in_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(130):  # ~5 per department or district; schools and people in bulk
        seed()
    with django_assert_max_num_queries(15):
        seed()


def test_logins_prints_a_table_with_the_password(seeded, monkeypatch):
    output = seed("--logins")
    assert "密码均为 Demo@2026" in output
    lines = output.splitlines()
    header = next(line for line in lines if line.startswith("用户名"))
    assert header.split() == ["用户名", "姓名", "角色", "所在组织"]
    row = next(line for line in lines if line.startswith("heping_reviewer "))
    assert row.split() == ["heping_reviewer", "和平区审核员", "区县审核员", "和平区"]
    assert any(line.startswith("basic_reviewer ") for line in lines)
    assert any(line.startswith("admin ") for line in lines)
    assert any(line.startswith("school_head_2210102001 ") for line in lines)
    assert not any(line.startswith("school_head_2210181001 ") for line in lines)  # 新民市: with --all
    assert "加 --all 列出全部" in output
    everything = seed("--logins", "--all")
    assert any(line.startswith("school_head_2210181001 ") for line in everything.splitlines())


def test_demo_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Other@2026")
    assert "密码均为 Other@2026" in seed("--logins")
    assert User.objects.get(username="admin").check_password("Other@2026")


def test_scoping_on_the_demo_city(seeded):
    reviewer = User.objects.get(username="heping_reviewer")
    visible = scope(reviewer, Organisation.objects.all(), org_field=SELF)
    assert visible.count() == 1 + 14
    assert {o.name for o in visible if o.kind == OrgKind.DISTRICT} == {"和平区"}
    expert = User.objects.get(username="expert_01")
    assert not scope(expert, Organisation.objects.all(), org_field=SELF).exists()


@pytest.mark.sqlite
def test_idempotent_on_sqlite(on_sqlite):
    # make run seeds the embedded SQLite database: bulk inserts must return ids there too.
    seed()
    before = counts()
    seed()
    assert counts() == before
    school = Organisation.objects.get(code="2210102003")
    assert school.path == school.parent.path + f"{school.pk:010d}/"


def test_every_district_and_department_has_two_reviewers_and_everyone_an_address(seeded):
    for kind, role in ((OrgKind.DISTRICT, Role.DISTRICT_REVIEWER), (OrgKind.DEPARTMENT, Role.CITY_REVIEWER)):
        for org in Organisation.objects.filter(kind=kind):
            names = list(RoleGrant.objects.filter(organisation=org, role=role).values_list("user__full_name", flat=True))
            assert len(names) == 2 and len(set(names)) == 2, (org.name, names)
    assert not User.objects.filter(email="").exists()
    assert User.objects.get(username="heping_reviewer2").email == "heping_reviewer2@demo.example.com"
