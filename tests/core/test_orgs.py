"""The organisation tree, role grants and participation: validation, paths, services, admin."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEvent
from core.orgs.models import Organisation, Ownership, Participation, RoleGrant, SchoolType, User
from core.orgs.roles import OFFICE_CODE, ROLE_ORG_KINDS, OrgKind, Role
from core.orgs.services import (
    end_participation,
    end_role,
    grant_role,
    move_organisation,
    record_participation,
)
from tests.factories import OrganisationFactory, UserFactory, grant, participate

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


@pytest.fixture
def tree():
    bureau = OrganisationFactory.bureau()
    a = OrganisationFactory.district(name="和平区", code="heping")
    b = OrganisationFactory.district(name="沈河区", code="shenhe")
    return {
        "bureau": bureau,
        "basic": OrganisationFactory.department(name="基础教育处", code="basic"),
        "office": OrganisationFactory.department(name="办公室", code=OFFICE_CODE),
        "A": a,
        "B": b,
        "a1": OrganisationFactory.school(parent=a, name="和平区第一小学"),
        "a2": OrganisationFactory.school(parent=a, name="和平区第二小学"),
        "b1": OrganisationFactory.school(parent=b, name="沈河区第一小学"),
    }


def refresh(*orgs):
    for org in orgs:
        org.refresh_from_db()


# --- the tree -------------------------------------------------------------------------------


def test_paths_are_fixed_width_and_the_tree_reads_depth_first(tree):
    a1 = tree["a1"]
    assert a1.path == f"{tree['bureau'].pk:010d}/{tree['A'].pk:010d}/{a1.pk:010d}/"
    assert [tree["bureau"].depth, tree["A"].depth, a1.depth] == [0, 1, 2]
    assert a1.ancestors() == [tree["bureau"], tree["A"]]
    assert a1.district() == tree["A"] and tree["A"].district() == tree["A"]
    assert tree["basic"].district() is None
    assert set(tree["A"].subtree()) == {tree["A"], tree["a1"], tree["a2"]}
    listed = list(Organisation.objects.all())
    for org in listed:  # every node comes after its parent, and each subtree is contiguous
        if org.parent_id:
            assert listed.index(org.parent) < listed.index(org)
        members = [i for i, o in enumerate(listed) if o.path.startswith(org.path)]
        assert members == list(range(members[0], members[0] + len(members)))


def test_an_unsaved_organisation_has_an_empty_subtree(tree):
    assert not Organisation(name="新学校", kind=OrgKind.SCHOOL).subtree().exists()


def test_a_valid_tree_passes_validation(tree):
    for org in tree.values():
        org.full_clean()


@pytest.mark.parametrize(
    "kind, parent_key, message",
    [
        (OrgKind.SCHOOL, "bureau", "学校的上级必须是区县"),
        (OrgKind.SCHOOL, "basic", "学校的上级必须是区县"),
        (OrgKind.SCHOOL, None, "学校的上级必须是区县"),
        (OrgKind.DISTRICT, "A", "区县的上级必须是市教育局"),
        (OrgKind.DISTRICT, None, "区县的上级必须是市教育局"),
        (OrgKind.DEPARTMENT, "A", "处室的上级必须是市教育局"),
        (OrgKind.BUREAU, "bureau", "市教育局是组织树的根"),
    ],
)
def test_wrong_parent_kind_is_refused(tree, kind, parent_key, message):
    school_fields = {"code": "2101020999", "school_type": SchoolType.PRIMARY, "ownership": Ownership.PUBLIC}
    org = Organisation(
        name="新组织", kind=kind, parent=tree.get(parent_key), **(school_fields if kind == OrgKind.SCHOOL else {})
    )
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert message in str(exc.value.message_dict["parent"])


def test_a_second_bureau_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        Organisation(name="另一个教育局", kind=OrgKind.BUREAU).full_clean()
    assert "只能有一个根" in messages(exc)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"code": ""}, "code", "学校必须填写学校标识码"),
        ({"code": "210102001"}, "code", "学校标识码应为10位数字"),
        ({"code": "21010200012"}, "code", "学校标识码应为10位数字"),
        ({"code": "21010200a1"}, "code", "学校标识码应为10位数字"),
        ({"code": "2101020001\n"}, "code", "学校标识码应为10位数字"),
        ({"code": "２１０１０２０００１"}, "code", "学校标识码应为10位数字"),  # full-width digits
        ({"school_type": ""}, "school_type", "学校必须选择学校类型"),
        ({"ownership": ""}, "ownership", "学校必须选择公办或民办"),
    ],
)
def test_school_fields_are_checked(tree, fields, field, message):
    org = Organisation(
        name="新学校", kind=OrgKind.SCHOOL, parent=tree["A"], school_type=SchoolType.KINDERGARTEN,
        ownership=Ownership.PRIVATE, code="2101020999",
    )
    for name, value in fields.items():
        setattr(org, name, value)
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert message in str(exc.value.message_dict[field])


def test_a_duplicate_school_code_is_refused_clearly_and_by_the_database(tree):
    twin = Organisation(
        name="重名学校", kind=OrgKind.SCHOOL, parent=tree["B"], code=tree["a1"].code,
        school_type=SchoolType.PRIMARY, ownership=Ownership.PUBLIC,
    )
    with pytest.raises(ValidationError) as exc:
        twin.full_clean()
    assert "已有使用此代码" in messages(exc)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"school_type": SchoolType.PRIMARY}, "school_type", "只有学校才有学校类型"),
        ({"ownership": Ownership.PUBLIC}, "ownership", "只有学校才有办学性质"),
        ({"code": "Heping!"}, "code", "小写字母"),
        ({"code": "1heping"}, "code", "小写字母"),
        ({"code": "heping\n"}, "code", "小写字母"),
    ],
)
def test_non_school_fields_are_checked(tree, fields, field, message):
    org = Organisation(name="新区", kind=OrgKind.DISTRICT, parent=tree["bureau"], code="xinqu", **{})
    for name, value in fields.items():
        setattr(org, name, value)
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert message in str(exc.value.message_dict[field])


def test_a_district_with_schools_cannot_become_a_department(tree):
    district = tree["A"]
    district.kind = OrgKind.DEPARTMENT
    with pytest.raises(ValidationError) as exc:
        district.full_clean()
    assert "有下级组织" in messages(exc)


def test_moving_an_organisation_re_roots_its_subtree(tree):
    # The kind rules allow one bureau; a second root is built here without validation, only to
    # have somewhere to move a whole district with its schools.
    other_root = OrganisationFactory(kind=OrgKind.BUREAU, name="另一个根")
    district, a1, a2 = tree["A"], tree["a1"], tree["a2"]
    district.parent = other_root
    district.save()
    refresh(a1, a2, tree["b1"])
    assert district.path == f"{other_root.pk:010d}/{district.pk:010d}/"
    for school in (a1, a2):
        assert school.path == district.path + f"{school.pk:010d}/"
        assert school.ancestors() == [other_root, district]
    assert tree["b1"].path.startswith(tree["bureau"].path)  # untouched
    assert set(other_root.subtree()) == {other_root, district, a1, a2}


def test_move_organisation_moves_a_school_to_another_district_and_audits_it(tree):
    admin = UserFactory()
    moved = move_organisation(organisation=tree["a1"], parent=tree["B"], by=admin)
    assert moved.path == tree["B"].path + f"{moved.pk:010d}/"
    assert set(tree["B"].subtree()) == {tree["B"], tree["b1"], moved}
    event = AuditEvent.objects.get(action="orgs.organisation_moved")
    assert event.actor == admin and event.data == {"from_parent": tree["A"].pk, "to_parent": tree["B"].pk}


def test_move_organisation_refuses_a_wrong_parent_and_writes_nothing(tree):
    before = tree["a1"].path
    with pytest.raises(ValidationError) as exc:
        move_organisation(organisation=tree["a1"], parent=tree["basic"])
    assert "学校的上级必须是区县" in messages(exc)
    refresh(tree["a1"])
    assert tree["a1"].path == before and tree["a1"].parent == tree["A"]
    assert not AuditEvent.objects.filter(action="orgs.organisation_moved").exists()


def test_moving_a_node_under_its_own_subtree_is_refused_even_without_validation(tree):
    district = tree["A"]
    district.parent = tree["a1"]
    with pytest.raises(ValidationError):
        district.save()
    refresh(district)
    assert district.parent == tree["bureau"]


def test_saving_a_stale_instance_keeps_the_path_that_a_move_gave_it(tree):
    stale = Organisation.objects.get(pk=tree["a1"].pk)
    other_root = OrganisationFactory(kind=OrgKind.BUREAU, name="另一个根")
    tree["A"].parent = other_root
    tree["A"].save()
    stale.name = "和平区第一小学（改名）"
    stale.save()
    refresh(tree["A"])
    assert stale.path == tree["A"].path + f"{stale.pk:010d}/"
    assert Organisation.objects.get(pk=stale.pk).path == stale.path


# --- role grants ----------------------------------------------------------------------------

ORG_FOR_KIND = {OrgKind.BUREAU: "bureau", OrgKind.DEPARTMENT: "basic", OrgKind.DISTRICT: "A", OrgKind.SCHOOL: "a1"}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("kind", OrgKind.values)
def test_each_role_is_held_only_at_its_kind_of_organisation(tree, role, kind):
    user = UserFactory()
    org = tree["office"] if role == Role.OFFICE_CLERK and kind == OrgKind.DEPARTMENT else tree[ORG_FOR_KIND[kind]]
    if kind in ROLE_ORG_KINDS[role]:
        created = grant_role(user=user, role=role, organisation=org)
        assert user.has_role(role, org)
        assert AuditEvent.objects.filter(action="orgs.role_granted", object_id=str(created.pk)).count() == 1
    else:
        with pytest.raises(ValidationError) as exc:
            grant_role(user=user, role=role, organisation=org)
        assert f"角色“{Role(role).label}”不能设在{OrgKind(kind).label}" in messages(exc)
        assert not RoleGrant.objects.exists() and not AuditEvent.objects.exists()


def test_an_unknown_role_is_refused_and_nothing_is_written(tree):
    with pytest.raises(ValidationError) as exc:
        grant_role(user=UserFactory(), role="principal", organisation=tree["a1"])
    assert "未知角色：principal" in messages(exc)
    assert not RoleGrant.objects.exists() and not AuditEvent.objects.exists()


def test_office_clerk_is_held_only_at_the_office(tree):
    with pytest.raises(ValidationError) as exc:
        grant_role(user=UserFactory(), role=Role.OFFICE_CLERK, organisation=tree["basic"])
    assert "办公室文书只能设在市教育局办公室" in messages(exc)
    assert not RoleGrant.objects.exists()


def test_a_duplicate_grant_is_refused(tree):
    user = UserFactory()
    grant(user, Role.SCHOOL_HEAD, tree["a1"])
    with pytest.raises(ValidationError) as exc:
        grant(user, Role.SCHOOL_HEAD, tree["a1"])
    assert "此用户已在该组织担任该角色" in messages(exc)
    assert RoleGrant.objects.count() == 1


def test_a_grant_ending_before_it_starts_is_refused_by_validation_and_the_database(tree):
    user = UserFactory()
    with pytest.raises(ValidationError) as exc:
        grant(user, Role.SCHOOL_HEAD, tree["a1"], valid_from=NOW, valid_until=NOW)
    assert "失效时间必须晚于生效时间" in messages(exc)
    assert not RoleGrant.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(
            user=user, role=Role.SCHOOL_HEAD, organisation=tree["a1"], valid_from=NOW, valid_until=NOW - timedelta(days=1)
        )


def test_a_grant_counts_only_within_its_validity_range(tree):
    user = UserFactory()
    grant(user, Role.DISTRICT_REVIEWER, tree["A"], valid_from=NOW - timedelta(days=10), valid_until=NOW + timedelta(days=10))
    assert user.has_role(Role.DISTRICT_REVIEWER)
    assert user.has_role(Role.DISTRICT_REVIEWER, tree["A"])
    assert not user.has_role(Role.DISTRICT_REVIEWER, tree["B"])
    assert not user.has_role(Role.DISTRICT_REVIEWER, at=NOW - timedelta(days=11))
    assert not user.has_role(Role.DISTRICT_REVIEWER, at=NOW + timedelta(days=10))  # the end is exclusive
    user.is_active = False
    user.save()
    assert not user.has_role(Role.DISTRICT_REVIEWER)


def test_end_role_ends_a_grant_once_and_keeps_it(tree):
    user = UserFactory()
    held = grant(user, Role.SCHOOL_HEAD, tree["a1"])
    ended = end_role(grant=held, at=NOW)
    assert ended.valid_until == NOW and not ended.is_current
    assert not user.has_role(Role.SCHOOL_HEAD)
    assert AuditEvent.objects.filter(action="orgs.role_ended").count() == 1
    with pytest.raises(ValidationError) as exc:
        end_role(grant=held)
    assert "已经失效" in messages(exc)


def test_end_role_refuses_a_grant_not_yet_started(tree):
    held = grant(UserFactory(), Role.SCHOOL_HEAD, tree["a1"], valid_from=NOW + timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        end_role(grant=held, at=NOW)
    assert "尚未生效" in messages(exc)
    held.refresh_from_db()
    assert held.valid_until is None


# --- participation --------------------------------------------------------------------------


def test_record_participation_is_idempotent_and_updates_the_range(tree):
    user = UserFactory()
    first = participate(user, tree["a1"], valid_until=NOW + timedelta(days=1))
    again = participate(user, tree["a1"], valid_until=NOW + timedelta(days=3))
    assert first.pk == again.pk and Participation.objects.count() == 1
    assert Participation.objects.get().valid_until == NOW + timedelta(days=3)
    assert again.target == tree["a1"] and again.is_current


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"reason": "friend"}, "未知的参与原因：friend"),
        ({"valid_from": NOW, "valid_until": NOW - timedelta(hours=1)}, "失效时间必须晚于生效时间"),
    ],
)
def test_bad_participation_is_refused_and_nothing_is_written(tree, kwargs, message):
    kwargs = {"reason": "assignee", **kwargs}
    with pytest.raises(ValidationError) as exc:
        record_participation(user=UserFactory(), target=tree["a1"], **kwargs)
    assert message in messages(exc)
    assert not Participation.objects.exists()


def test_participation_in_an_unsaved_object_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        record_participation(user=UserFactory(), target=Organisation(name="未保存"), reason="cc")
    assert "已保存的记录" in messages(exc)


def test_end_participation_ends_only_the_open_one(tree):
    user = UserFactory()
    participate(user, tree["a1"], reason="cc")
    participate(user, tree["a1"], reason="assignee")
    assert end_participation(user=user, target=tree["a1"], reason="cc", at=NOW) == 1
    assert end_participation(user=user, target=tree["a1"], reason="cc", at=NOW) == 0
    assert list(Participation.objects.active().values_list("reason", flat=True)) == ["assignee"]


# --- admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_organisation_admin_lists_the_tree_indented_and_filters(admin_client, tree):
    url = reverse("admin:orgs_organisation_changelist")
    page = admin_client.get(url).content.decode()
    assert "\u3000\u3000\u3000\u3000和平区第一小学" in page and "\u3000\u3000和平区" in page
    assert page.index("和平区第一小学") < page.index("沈河区")
    filtered = admin_client.get(url, {"kind__exact": "school"}).content.decode()
    assert "和平区第一小学" in filtered and "基础教育处" not in filtered
    found = admin_client.get(url, {"q": tree["b1"].code}).content.decode()
    assert "沈河区第一小学" in found and "和平区第一小学" not in found
    for filters in ({"ownership__exact": "public"}, {"school_type__exact": "primary"}):
        assert admin_client.get(url, filters).status_code == 200
    assert admin_client.get(reverse("admin:orgs_organisation_change", args=[tree["A"].pk])).status_code == 200


def test_organisation_admin_refuses_a_school_under_the_bureau_in_chinese(admin_client, tree):
    response = admin_client.post(
        reverse("admin:orgs_organisation_add"),
        {
            "name": "错误学校", "kind": "school", "parent": tree["bureau"].pk, "code": "2101020999",
            "school_type": "primary", "ownership": "public", "is_active": "on",
            "role_grants-TOTAL_FORMS": "0", "role_grants-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "学校的上级必须是区县" in response.content.decode()
    assert not Organisation.objects.filter(name="错误学校").exists()


def test_role_grant_admin_refuses_a_role_at_the_wrong_kind_in_chinese(admin_client, tree):
    user = UserFactory()
    response = admin_client.post(
        reverse("admin:orgs_rolegrant_add"),
        {"user": user.pk, "role": "district_reviewer", "organisation": tree["a1"].pk},
    )
    assert response.status_code == 200
    assert "角色“区县审核员”不能设在学校" in response.content.decode()
    assert not RoleGrant.objects.exists()


def test_role_grant_admin_lists_and_filters(admin_client, tree):
    grant(UserFactory(full_name="李老师"), Role.SCHOOL_HEAD, tree["a1"])
    url = reverse("admin:orgs_rolegrant_changelist")
    assert "李老师" in admin_client.get(url, {"current": "yes"}).content.decode()
    assert "李老师" not in admin_client.get(url, {"current": "no"}).content.decode()
    assert "李老师" in admin_client.get(url, {"organisation__kind": "school", "q": "李"}).content.decode()


def test_participation_admin_is_read_mostly(admin_client, tree):
    held = participate(UserFactory(full_name="王专家"), tree["a1"], reason="panel_member")
    assert "王专家" in admin_client.get(reverse("admin:orgs_participation_changelist")).content.decode()
    assert admin_client.get(reverse("admin:orgs_participation_add")).status_code == 403
    change = admin_client.get(reverse("admin:orgs_participation_change", args=[held.pk])).content.decode()
    assert "和平区第一小学" in change and 'name="valid_until' in change and 'name="reason"' not in change


def test_admin_changes_go_through_the_services_and_are_audited(admin_client, tree):
    root = User.objects.get(username="root")
    response = admin_client.post(
        reverse("admin:orgs_organisation_add"),
        {
            "name": "和平区第三小学", "kind": "school", "parent": tree["A"].pk, "code": "2101020999",
            "school_type": "primary", "ownership": "public", "is_active": "on",
            "role_grants-TOTAL_FORMS": "1", "role_grants-INITIAL_FORMS": "0",
            "role_grants-0-user": UserFactory(username="new_head").pk, "role_grants-0-role": "school_head",
        },
    )
    assert response.status_code == 302
    school = Organisation.objects.get(code="2101020999")
    assert school.path == tree["A"].path + f"{school.pk:010d}/"
    created = AuditEvent.objects.get(action="orgs.organisation_created")
    assert created.actor == root and created.object_id == str(school.pk)
    inline_grant = RoleGrant.objects.get(user__username="new_head")
    assert inline_grant.organisation == school
    assert AuditEvent.objects.get(action="orgs.role_granted").object_id == str(inline_grant.pk)

    response = admin_client.post(
        reverse("admin:orgs_rolegrant_delete", args=[inline_grant.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not RoleGrant.objects.exists()
    deleted = AuditEvent.objects.get(action="orgs.role_grant_deleted")
    assert deleted.actor == root and deleted.data["role"] == "school_head"
