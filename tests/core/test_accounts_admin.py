"""The user admin: Chinese, role grants inline, and password resets through the service."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.accounts.services import PASSWORD_RESET
from core.orgs.models import RoleGrant, User
from tests.core.accounts_helpers import PASSWORD, Role, events, make_user
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:orgs_user_changelist")


@pytest.fixture
def city():
    bureau = OrganisationFactory.bureau()
    school = OrganisationFactory.school(parent=OrganisationFactory.district(name="和平区"), name="和平区第一小学")
    sysadmin = make_user("sysadmin", role=Role.ADMIN, at=bureau, is_staff=True)
    sysadmin.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    return {
        "bureau": bureau,
        "school": school,
        "root": make_user("root", is_superuser=True, is_staff=True),
        "sysadmin": sysadmin,
        "teacher": make_user("teacher", role=Role.APPLICANT, at=school, full_name="李老师"),
    }


def temporary_passwords(page: str) -> list[str]:
    return re.findall(r'<code class="password">([^<]+)</code>', page)


def inline_management(total=0):
    return {"role_grants-TOTAL_FORMS": str(total), "role_grants-INITIAL_FORMS": "0",
            "role_grants-MIN_NUM_FORMS": "0", "role_grants-MAX_NUM_FORMS": "1000"}


def test_user_list_and_form_are_chinese_with_roles_inline(city, client):
    client.force_login(city["root"])
    listing = client.get(CHANGELIST).content.decode()
    assert "李老师" in listing and "重置所选用户的密码（生成临时密码）" in listing
    assert "下次登录须修改密码" in listing
    page = client.get(reverse("admin:orgs_user_change", args=[city["teacher"].pk])).content.decode()
    for text in ("个人信息", "姓名", "手机号", "登录与安全", "角色（在哪个组织担任，可设有效期）", "申报人", "所在组织"):
        assert text in page, text


def test_reset_action_asks_first_then_shows_each_temporary_password_once(city, client):
    client.force_login(city["root"])
    teacher, sysadmin = city["teacher"], city["sysadmin"]
    selected = {"action": "reset_passwords", "_selected_action": [teacher.pk, sysadmin.pk]}
    confirm = client.post(CHANGELIST, selected)
    assert confirm.status_code == 200
    assert "确定重置" in confirm.content.decode() and "李老师（teacher）" in confirm.content.decode()
    assert not events(PASSWORD_RESET).exists()

    done = client.post(CHANGELIST, {**selected, "confirm": "yes"})
    page = done.content.decode()
    assert "临时密码只显示这一次" in page and "no-store" in done["Cache-Control"]
    passwords = temporary_passwords(page)
    assert len(passwords) == 2
    for person in (teacher, sysadmin):
        person.refresh_from_db()
        assert person.must_change_password and any(person.check_password(p) for p in passwords)
    assert events(PASSWORD_RESET, actor=city["root"]).count() == 2


def test_system_admin_may_not_reset_a_superuser_from_the_admin(city, client):
    client.force_login(city["sysadmin"])
    root = city["root"]
    response = client.post(CHANGELIST, {"action": "reset_passwords", "_selected_action": [root.pk], "confirm": "yes"}, follow=True)
    assert "只有超级管理员可以重置超级管理员的密码。" in response.content.decode()
    root.refresh_from_db()
    assert root.check_password(PASSWORD) and not root.must_change_password
    assert not events(PASSWORD_RESET).exists()


def test_staff_without_the_admin_role_may_not_reset(city, client):
    clerk = make_user("clerk", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client.force_login(clerk)
    teacher = city["teacher"]
    response = client.post(CHANGELIST, {"action": "reset_passwords", "_selected_action": [teacher.pk], "confirm": "yes"}, follow=True)
    assert "您无权重置该用户的密码。" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_the_admin_password_page_is_a_confirmed_reset(city, client):
    client.force_login(city["root"])
    teacher = city["teacher"]
    url = reverse("admin:auth_user_password_change", args=[teacher.pk])
    assert "确定重置" in client.get(url).content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)
    (temporary,) = temporary_passwords(client.post(url, {"confirm": "yes"}).content.decode())
    teacher.refresh_from_db()
    assert teacher.check_password(temporary) and teacher.must_change_password


def test_a_user_added_with_a_password_must_change_it(city, client):
    client.force_login(city["root"])
    response = client.post(reverse("admin:orgs_user_add"), {
        "username": "newteacher", "full_name": "赵老师", "phone": "13800000000", "usable_password": "true",
        "password1": "Beiling-Park-1625", "password2": "Beiling-Park-1625", **inline_management(),
    })
    assert response.status_code == 302, response.content.decode()
    assert User.objects.get(username="newteacher").must_change_password


def test_inline_role_at_the_wrong_kind_of_organisation_is_refused(city, client):
    client.force_login(city["root"])
    teacher = city["teacher"]
    form = {
        "username": "teacher", "full_name": "李老师", "phone": "", "email": "", "is_active": "on",
        "date_joined_0": "2024-01-01", "date_joined_1": "08:00:00",
        "role_grants-TOTAL_FORMS": "1", "role_grants-INITIAL_FORMS": "0",
        "role_grants-MIN_NUM_FORMS": "0", "role_grants-MAX_NUM_FORMS": "1000",
        "role_grants-0-role": Role.DISTRICT_HEAD, "role_grants-0-organisation": city["school"].pk,
    }
    response = client.post(reverse("admin:orgs_user_change", args=[teacher.pk]), form)
    assert response.status_code == 200
    assert "不能设在学校" in response.content.decode()
    assert not RoleGrant.objects.filter(user=teacher, role=Role.DISTRICT_HEAD).exists()


def test_inline_role_grant_goes_through_the_audited_service(city, client):
    client.force_login(city["root"])
    teacher = city["teacher"]
    existing = teacher.role_grants.get()
    form = {
        "username": "teacher", "full_name": "李老师", "phone": "", "email": "", "is_active": "on",
        "date_joined_0": "2024-01-01", "date_joined_1": "08:00:00",
        "role_grants-TOTAL_FORMS": "2", "role_grants-INITIAL_FORMS": "1",
        "role_grants-MIN_NUM_FORMS": "0", "role_grants-MAX_NUM_FORMS": "1000",
        "role_grants-0-id": existing.pk, "role_grants-0-user": teacher.pk,
        "role_grants-0-role": existing.role, "role_grants-0-organisation": existing.organisation_id,
        "role_grants-1-role": Role.EXPERT, "role_grants-1-organisation": city["school"].pk,
    }
    response = client.post(reverse("admin:orgs_user_change", args=[teacher.pk]), form)
    assert response.status_code == 302, response.content.decode()
    grant = RoleGrant.objects.get(user=teacher, role=Role.EXPERT)
    assert events("orgs.role_granted", object_id=str(grant.pk), actor=city["root"]).exists()
