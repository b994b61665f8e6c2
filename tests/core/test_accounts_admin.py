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
    """is_staff and the user permissions are not enough: without the system administrator role
    the admin sends them to its sign-in page (it used to answer, and the reset service refused)."""
    clerk = make_user("clerk", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client.force_login(clerk)
    teacher = city["teacher"]
    response = client.post(CHANGELIST, {"action": "reset_passwords", "_selected_action": [teacher.pk], "confirm": "yes"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)
    assert not events(PASSWORD_RESET).exists()


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


# --- privileges: who may enter the admin, and who may raise whose --------------------------------

def change_form(person, **changes):
    """The user change form as the admin posts it, for `person`, with `changes` on top."""
    form = {
        "username": person.username, "full_name": person.full_name, "phone": person.phone, "email": person.email,
        "is_active": "on", "date_joined_0": "2024-01-01", "date_joined_1": "08:00:00", **inline_management(),
    }
    return {**form, **changes}


def escalation(group):
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    return {"is_staff": "on", "is_superuser": "on", "groups": [group.pk], "user_permissions": every_permission}


@pytest.mark.parametrize("whom", ["sysadmin", "teacher"])
def test_a_system_admin_cannot_make_anyone_superuser(city, client, whom):
    """The attack: a staff user who may change users posts the change form with is_superuser on,
    for themselves or someone else. The other fields save; the privileges stay as they were."""
    from django.contrib.auth.models import Group

    sysadmin, person = city["sysadmin"], city[whom]
    client.force_login(sysadmin)
    url = reverse("admin:orgs_user_change", args=[person.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    posted = client.post(url, change_form(person, full_name="改名", **escalation(Group.objects.create(name="全部"))))
    assert posted.status_code == 302, posted.content.decode()
    person.refresh_from_db()
    assert person.full_name == "改名"
    assert not person.is_superuser and person.is_staff == (whom == "sysadmin")
    assert not person.groups.exists() and person.user_permissions.count() == (2 if whom == "sysadmin" else 0)


def test_a_superuser_may_grant_privileges(city, client):
    from django.contrib.auth.models import Group

    client.force_login(city["root"])
    teacher = city["teacher"]
    posted = client.post(reverse("admin:orgs_user_change", args=[teacher.pk]),
                         change_form(teacher, **escalation(Group.objects.create(name="全部"))))
    assert posted.status_code == 302, posted.content.decode()
    teacher.refresh_from_db()
    assert teacher.is_superuser and teacher.is_staff and teacher.groups.exists()


def test_a_system_admin_cannot_edit_delete_or_reset_a_superuser(city, client):
    sysadmin, root = city["sysadmin"], city["root"]
    sysadmin.user_permissions.add(Permission.objects.get(codename="delete_user"))
    client.force_login(sysadmin)
    change = reverse("admin:orgs_user_change", args=[root.pk])
    assert 'name="username"' not in client.get(change).content.decode()  # shown, not editable
    assert client.post(change, change_form(root, username="owned", is_active="")).status_code == 403
    assert client.post(reverse("admin:orgs_user_delete", args=[root.pk]), {"post": "yes"}).status_code == 403
    bulk_delete = {"action": "delete_selected", "_selected_action": [root.pk], "post": "yes"}
    assert client.post(CHANGELIST, bulk_delete).status_code == 403
    password = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.get(password).status_code == 403 and client.post(password, {"confirm": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.username == "root" and root.is_active and root.check_password(PASSWORD)
    assert not events(PASSWORD_RESET).exists()


def test_a_system_admin_cannot_change_groups(city, client):
    from django.contrib.auth.models import Group

    sysadmin = city["sysadmin"]
    sysadmin.user_permissions.add(*Permission.objects.filter(codename__in=["add_group", "change_group", "view_group"]))
    group = Group.objects.create(name="管理员")
    sysadmin.groups.add(group)
    client.force_login(sysadmin)
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    posted = client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "管理员", "permissions": every_permission})
    assert posted.status_code == 403
    assert client.post(reverse("admin:auth_group_add"), {"name": "新组", "permissions": every_permission}).status_code == 403
    assert not group.permissions.exists() and not sysadmin.has_perm("orgs.delete_user")


def test_a_school_head_with_is_staff_gets_no_admin(city, client):
    """A school head someone made staff, with every user permission: the admin would show every
    person in the city. They get the admin's sign-in page instead, no link to it, and keep their
    own page for their school's staff."""
    head = make_user("head", role=Role.SCHOOL_HEAD, at=city["school"], is_staff=True)
    head.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["orgs", "auth"]))
    client.force_login(head)
    for url in (reverse("admin:index"), CHANGELIST, reverse("admin:orgs_user_change", args=[city["sysadmin"].pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), url
    home = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") not in home and reverse("accounts:staff") in home
    staff_page = client.get(reverse("accounts:staff")).content.decode()
    assert "李老师" in staff_page and "sysadmin" not in staff_page


def test_the_admin_link_is_for_those_who_may_enter(city, client):
    for name, shown in (("root", True), ("sysadmin", True), ("teacher", False)):
        client.force_login(city[name])
        assert (reverse("admin:index") in client.get(reverse("home")).content.decode()) is shown, name
        assert (client.get(reverse("admin:index")).status_code == 200) is shown, name
