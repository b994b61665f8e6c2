"""The one scoping function, for every role in core/orgs/roles.py.

Two kinds of object are scoped here, without adding a model for the purpose:
- the organisations themselves (org_field=SELF), which have no owning department;
- role grants standing in for items: their `organisation` is both the organisation an object
  belongs to (org_field) and, for grants held at a department, the owning department
  (owner_field), as an item's owner would be.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import (
    DEPARTMENT_ROLES,
    OFFICE_CODE,
    PARTICIPATION_ONLY_ROLES,
    SEE_ALL_ROLES,
    SUBTREE_ROLES,
    Role,
)
from core.orgs.scoping import SELF, can_see, get_scoped_or_404, scope
from tests.city import build_tree
from tests.factories import OrganisationFactory, UserFactory, grant, participate

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)
ALL = "all"

# role → (where it is held, which organisations it sees by the tree alone)
SELF_VISIBILITY = {
    Role.APPLICANT: ("a1", set()),
    Role.SCHOOL_HEAD: ("a1", {"a1"}),
    Role.DISTRICT_STAFF: ("A", {"A", "a1", "a2"}),
    Role.DISTRICT_REVIEWER: ("A", {"A", "a1", "a2"}),
    Role.DISTRICT_HEAD: ("A", {"A", "a1", "a2"}),
    Role.CITY_REVIEWER: ("basic", ALL),  # the tree has no owning department: the city sees it
    Role.CITY_HEAD: ("basic", ALL),
    Role.OFFICE_CLERK: ("office", ALL),
    Role.EXPERT: ("b1", set()),  # an expert's home organisation shows them nothing
    Role.INSPECTOR: ("A", set()),
    Role.ADMIN: ("bureau", ALL),
}

# role → (where it is held, which item-like grants it sees with owner_field)
ITEM_VISIBILITY = {
    Role.APPLICANT: ("a1", set()),
    Role.SCHOOL_HEAD: ("a1", {"item_a1"}),
    Role.DISTRICT_STAFF: ("A", {"item_A", "item_a1"}),
    Role.DISTRICT_REVIEWER: ("A", {"item_A", "item_a1"}),
    Role.DISTRICT_HEAD: ("A", {"item_A", "item_a1"}),
    Role.CITY_REVIEWER: ("basic", {"item_basic"}),
    Role.CITY_HEAD: ("basic", {"item_basic"}),
    Role.OFFICE_CLERK: ("office", {"item_office"}),
    Role.EXPERT: ("b1", set()),
    Role.INSPECTOR: ("A", set()),
    Role.ADMIN: ("bureau", ALL),
}


@pytest.fixture
def tree():
    """The test city's organisations (tests/city.py), with the 办公室 and a second school in A."""
    city = build_tree()
    return {
        "bureau": city.bureau,
        "basic": city.department,
        "office": OrganisationFactory.department(name="办公室", code=OFFICE_CODE),
        "A": city.district_a,
        "B": city.district_b,
        "a1": city.school_a,
        "a2": OrganisationFactory.school(parent=city.district_a),
        "b1": city.school_b,
    }


@pytest.fixture
def items(tree):
    """Grants held by bystanders, scoped as if they were items of these organisations."""
    placed = {"item_basic": (Role.CITY_REVIEWER, "basic"), "item_office": (Role.OFFICE_CLERK, "office"),
              "item_A": (Role.DISTRICT_STAFF, "A"), "item_a1": (Role.APPLICANT, "a1"),
              "item_b1": (Role.APPLICANT, "b1"), "item_B": (Role.DISTRICT_STAFF, "B")}
    return {name: grant(UserFactory(), role, tree[org]) for name, (role, org) in placed.items()}


def seen_orgs(user, tree, **kwargs):
    names = {org.pk: name for name, org in tree.items()}
    return {names[pk] for pk in scope(user, Organisation.objects.all(), org_field=SELF, **kwargs).values_list("pk", flat=True)}


def seen_items(user, items, **kwargs):
    names = {g.pk: name for name, g in items.items()}
    queryset = RoleGrant.objects.filter(pk__in=names)
    return {names[pk] for pk in scope(user, queryset, owner_field="organisation", **kwargs).values_list("pk", flat=True)}


def test_every_role_has_one_kind_of_visibility():
    kinds = [SUBTREE_ROLES, DEPARTMENT_ROLES, PARTICIPATION_ONLY_ROLES, SEE_ALL_ROLES]
    assert sorted(role for kind in kinds for role in kind) == sorted(Role.values)
    assert set(SELF_VISIBILITY) == set(ITEM_VISIBILITY) == set(Role.values)


@pytest.mark.parametrize("role", Role.values)
def test_each_role_sees_its_part_of_the_tree(tree, role):
    held_at, expected = SELF_VISIBILITY[role]
    user = UserFactory()
    grant(user, role, tree[held_at])
    assert seen_orgs(user, tree) == (set(tree) if expected == ALL else expected)


@pytest.mark.parametrize("role", Role.values)
def test_each_role_sees_its_items_with_an_owning_department(tree, items, role):
    held_at, expected = ITEM_VISIBILITY[role]
    user = UserFactory()
    grant(user, role, tree[held_at])
    assert seen_items(user, items) == (set(items) if expected == ALL else expected)


@pytest.mark.parametrize("role", sorted(PARTICIPATION_ONLY_ROLES))
def test_participation_only_roles_see_exactly_what_they_take_part_in(tree, items, role):
    user = UserFactory()
    grant(user, role, tree[SELF_VISIBILITY[role][0]])
    participate(user, tree["b1"], reason="panel_member")
    participate(user, items["item_B"], reason="team_member")
    assert seen_orgs(user, tree) == {"b1"}
    assert seen_items(user, items) == {"item_B"}


def test_participation_adds_to_the_subtree(tree):
    user = UserFactory()
    grant(user, Role.DISTRICT_REVIEWER, tree["A"])
    participate(user, tree["b1"], reason="cc")
    assert seen_orgs(user, tree) == {"A", "a1", "a2", "b1"}


def test_own_district_against_other_district(tree):
    reviewer_a, reviewer_b = UserFactory(), UserFactory()
    grant(reviewer_a, Role.DISTRICT_REVIEWER, tree["A"])
    grant(reviewer_b, Role.DISTRICT_REVIEWER, tree["B"])
    assert seen_orgs(reviewer_a, tree) == {"A", "a1", "a2"}
    assert seen_orgs(reviewer_b, tree) == {"B", "b1"}
    assert can_see(reviewer_a, tree["a1"], org_field=SELF) and not can_see(reviewer_a, tree["b1"], org_field=SELF)


def test_own_school_against_other_schools(tree):
    head_a1, head_b1 = UserFactory(), UserFactory()
    grant(head_a1, Role.SCHOOL_HEAD, tree["a1"])
    grant(head_b1, Role.SCHOOL_HEAD, tree["b1"])
    assert seen_orgs(head_a1, tree) == {"a1"}  # not the neighbour a2, nor its own district
    assert seen_orgs(head_b1, tree) == {"b1"}


def test_grants_add_up(tree):
    user = UserFactory()
    grant(user, Role.SCHOOL_HEAD, tree["a1"])
    grant(user, Role.DISTRICT_REVIEWER, tree["B"])
    grant(user, Role.EXPERT, tree["a2"])
    assert seen_orgs(user, tree) == {"a1", "B", "b1"}


def test_a_superuser_sees_everything_without_any_grant(tree):
    root = UserFactory(is_superuser=True)
    assert seen_orgs(root, tree) == set(tree)


@pytest.mark.parametrize("who", ["anonymous", "inactive", "inactive_superuser", "none"])
def test_nobody_and_the_inactive_see_nothing(tree, who):
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "none":
        user = None
    else:
        user = UserFactory(is_superuser=who == "inactive_superuser")
        grant(user, Role.ADMIN, tree["bureau"])
        participate(user, tree["a1"])
        user.is_active = False
        user.save()
    assert scope(user, Organisation.objects.all(), org_field=SELF).count() == 0


@pytest.mark.parametrize(
    "valid_from, valid_until, sees",
    [
        (NOW - 10 * DAY, NOW - DAY, False),  # expired
        (NOW + DAY, None, False),  # not yet started
        (NOW - DAY, NOW + DAY, True),
        (None, NOW + DAY, True),
    ],
)
def test_a_grant_counts_only_within_its_range(tree, valid_from, valid_until, sees):
    user = UserFactory()
    grant(user, Role.DISTRICT_HEAD, tree["A"], valid_from=valid_from, valid_until=valid_until)
    assert seen_orgs(user, tree) == ({"A", "a1", "a2"} if sees else set())


@pytest.mark.parametrize(
    "valid_from, valid_until, sees",
    [
        (NOW - 10 * DAY, NOW - DAY, False),
        (NOW + DAY, NOW + 2 * DAY, False),
        (NOW - DAY, NOW + DAY, True),
        (NOW - DAY, None, True),
    ],
)
def test_a_participation_counts_only_within_its_range(tree, valid_from, valid_until, sees):
    user = UserFactory()
    grant(user, Role.EXPERT, tree["b1"])
    participate(user, tree["a1"], reason="panel_member", valid_from=valid_from, valid_until=valid_until)
    assert seen_orgs(user, tree) == ({"a1"} if sees else set())


def test_scope_at_another_moment(tree):
    user = UserFactory()
    grant(user, Role.SCHOOL_HEAD, tree["a1"], valid_until=NOW + DAY)
    participate(user, tree["b1"], reason="proxy", valid_from=NOW + DAY)
    assert seen_orgs(user, tree) == {"a1"}
    assert seen_orgs(user, tree, at=NOW + 2 * DAY) == {"b1"}


def test_a_participation_in_another_model_does_not_leak(tree, items):
    user = UserFactory()
    participate(user, items["item_a1"])  # a RoleGrant whose pk may equal some organisation's pk
    assert seen_orgs(user, tree) == set()
    assert seen_items(user, items) == {"item_a1"}


@pytest.mark.parametrize("roles", [1, 8])
def test_scope_costs_the_same_queries_whatever_the_number_of_grants(tree, django_assert_num_queries, roles):
    user = UserFactory()
    places = [(Role.SCHOOL_HEAD, "a1"), (Role.SCHOOL_HEAD, "a2"), (Role.SCHOOL_HEAD, "b1"), (Role.DISTRICT_STAFF, "B"),
              (Role.EXPERT, "bureau"), (Role.INSPECTOR, "basic"), (Role.APPLICANT, "a1"), (Role.DISTRICT_HEAD, "B")]
    for role, org in places[:roles]:
        grant(user, role, tree[org])
    participate(user, tree["A"])
    ContentType.objects.get_for_model(Organisation)  # the content-type cache is warm in a running site
    with django_assert_num_queries(2):  # the grants, then the scoped query with its subquery
        list(scope(user, Organisation.objects.all(), org_field=SELF))


def test_get_scoped_or_404_hides_what_is_out_of_scope_and_what_does_not_exist(tree):
    user = UserFactory()
    grant(user, Role.SCHOOL_HEAD, tree["a1"])
    orgs = Organisation.objects.all()
    assert get_scoped_or_404(user, orgs, pk=tree["a1"].pk, org_field=SELF) == tree["a1"]
    for pk in (tree["b1"].pk, 10**9, "not-a-number"):
        with pytest.raises(Http404):
            get_scoped_or_404(user, orgs, pk=pk, org_field=SELF)


@pytest.mark.parametrize("role, held_at, sees", [
    (Role.SCHOOL_HEAD, "a1", True),  # the object's own organisation
    (Role.DISTRICT_REVIEWER, "A", False),  # its district, above it
    (Role.DISTRICT_STAFF, "A", False),
    (Role.ADMIN, "bureau", False),
    (Role.APPLICANT, "a1", False),  # a participation-only role at the school sees nothing by it
])
def test_a_private_object_is_seen_only_at_its_own_organisation(tree, items, role, held_at, sees):
    """`private` marks objects still their own organisation's alone (an item's draft)."""
    user = UserFactory()
    grant(user, role, tree[held_at])
    private = {"private": Q(pk=items["item_a1"].pk)}
    expected = ITEM_VISIBILITY[role][1]
    expected = set(items) if expected == ALL else set(expected)
    assert seen_items(user, items, **private) == (expected | {"item_a1"} if sees else expected - {"item_a1"})


def test_a_private_object_is_seen_by_those_taking_part_for_the_named_reasons_only(tree, items):
    submitter, copied, root = UserFactory(), UserFactory(), UserFactory(is_superuser=True)
    participate(submitter, items["item_a1"], reason="submitter")
    participate(copied, items["item_a1"], reason="cc")
    private = {"private": Q(pk=items["item_a1"].pk), "private_reasons": ("submitter",)}
    assert seen_items(submitter, items, **private) == {"item_a1"}
    assert seen_items(copied, items, **private) == set()
    assert seen_items(copied, items) == {"item_a1"}  # not private: taking part is enough
    assert seen_items(root, items, **private) == set(items)


def test_private_costs_no_extra_query(tree, items, django_assert_num_queries):
    user = UserFactory()
    grant(user, Role.DISTRICT_HEAD, tree["A"])
    grant(user, Role.SCHOOL_HEAD, tree["a1"])
    ContentType.objects.get_for_model(RoleGrant)
    with django_assert_num_queries(2):  # the grants, then the scoped query with its subqueries
        list(scope(user, RoleGrant.objects.all(), owner_field="organisation", private=Q(pk=items["item_a1"].pk),
                   private_reasons=("submitter",)))
