"""A school head's reset hands them the person's sign-in: it may reach nothing outside the school
(issue #11, defect 1a and 1b). And a new password ends the old API token, as it ends sessions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.accounts import services
from core.orgs.models import Proxy, RoleGrant
from core.orgs.services import grant_role, record_participation
from tests.city import build_tree
from tests.core.accounts_helpers import PASSWORD, Role, make_user
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Hunnan-River-88"


@pytest.fixture
def city():
    tree = build_tree()
    bureau, district = tree.bureau, tree.district_a
    school = OrganisationFactory.school(parent=district, name="和平区第一小学")
    other_school = OrganisationFactory.school(parent=district, name="和平区第二小学")
    return {
        "bureau": bureau, "district": district, "school": school, "other_school": other_school,
        "admin": make_user("admin", role=Role.ADMIN, at=bureau),
        "head": make_user("head", role=Role.SCHOOL_HEAD, at=school),
        "teacher": make_user("teacher", role=Role.APPLICANT, at=school),
        "colleague": make_user("colleague", role=Role.APPLICANT, at=school),
        "reviewer": make_user("reviewer", role=Role.DISTRICT_REVIEWER, at=district),
    }


def head_may_reset(city, person) -> bool:
    return services.resettable_by_head(head=city["head"]).filter(pk=person.pk).exists()


def assert_head_cannot_take_over(city, person, client):
    """Refused by the service, absent from the list's reset buttons, 404 on the reset page."""
    assert not head_may_reset(city, person)
    with pytest.raises(PermissionDenied):
        services.reset_password(user=person, by=city["head"])
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and not person.must_change_password
    client.force_login(city["head"])
    assert client.post(reverse("accounts:staff_reset_password", args=[person.pk])).status_code == 404


def test_an_expert_held_at_the_school_is_not_the_heads_to_reset(city, client):
    """The seed holds every expert at a school: its head reset expert_01 and read another district's
    panel item as them."""
    expert = make_user("expert_01", role=Role.EXPERT, at=city["school"])
    assert_head_cannot_take_over(city, expert, client)
    inspector = make_user("inspector_01", role=Role.INSPECTOR, at=city["school"])
    assert_head_cannot_take_over(city, inspector, client)


def test_a_teacher_who_is_also_an_expert_is_not_the_heads_to_reset(city, client):
    grant_role(user=city["teacher"], role=Role.EXPERT, organisation=city["school"])
    assert_head_cannot_take_over(city, city["teacher"], client)


@pytest.mark.parametrize("starts_in_days", [0, 5])  # live now, or later
def test_someones_proxy_is_not_the_heads_to_reset(city, client, starts_in_days):
    """A reviewer named the school's applicant as proxy; the head reset them and acted for the reviewer."""
    start = timezone.localdate() + timedelta(days=starts_in_days)
    Proxy.objects.create(principal=city["reviewer"], proxy=city["teacher"], starts_on=start,
                         ends_on=start + timedelta(days=2), reason="出差", created_by=city["reviewer"])
    assert_head_cannot_take_over(city, city["teacher"], client)
    assert head_may_reset(city, city["colleague"])  # only the proxy is kept out


def test_an_ended_proxy_range_no_longer_keeps_the_head_out(city):
    yesterday = timezone.localdate() - timedelta(days=1)
    Proxy.objects.create(principal=city["reviewer"], proxy=city["teacher"], starts_on=yesterday - timedelta(days=3),
                         ends_on=yesterday, reason="出差", created_by=city["reviewer"])
    assert head_may_reset(city, city["teacher"])


def test_taking_part_in_something_of_another_organisation_keeps_the_head_out(city, client):
    # Participation is generic: any target with an organisation says whose it is (here a grant).
    elsewhere = RoleGrant.objects.get(user=city["reviewer"])
    at_school = RoleGrant.objects.get(user=city["colleague"])
    record_participation(user=city["colleague"], target=at_school, reason="cc")
    assert head_may_reset(city, city["colleague"])  # the school's own: still the head's
    record_participation(user=city["teacher"], target=elsewhere, reason="cc")
    assert_head_cannot_take_over(city, city["teacher"], client)


def test_an_ended_participation_elsewhere_no_longer_keeps_the_head_out(city):
    elsewhere = RoleGrant.objects.get(user=city["reviewer"])
    record_participation(user=city["teacher"], target=elsewhere, reason="cc",
                         valid_until=timezone.now() - timedelta(minutes=1))
    assert head_may_reset(city, city["teacher"])


# --- API tokens end with the password ----------------------------------------------------------


def api_as(token_key) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
    return client.get("/api/v1/me/").status_code


@pytest.mark.parametrize("by", ["head", "admin"])
def test_a_reset_ends_the_api_token(city, by):
    token = Token.objects.create(user=city["teacher"])
    assert api_as(token.key) == 200
    services.reset_password(user=city["teacher"], by=city[by])
    assert api_as(token.key) == 401
    assert not Token.objects.filter(user=city["teacher"]).exists()


def test_the_forced_change_ends_a_token_issued_meanwhile(city, client):
    teacher = city["teacher"]
    temporary = services.reset_password(user=teacher, by=city["head"])
    token = Token.objects.create(user=teacher)
    client.force_login(teacher)
    client.post(reverse("accounts:password_change"),
                {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    teacher.refresh_from_db()
    assert teacher.check_password(NEW_PASSWORD)
    assert api_as(token.key) == 401


def test_changing_ones_own_password_ends_the_api_token(city, client):
    teacher = city["teacher"]
    token = Token.objects.create(user=teacher)
    client.force_login(teacher)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert api_as(token.key) == 401
    assert client.get(reverse("home")).status_code == 200  # the session that changed it stays


def test_a_refused_reset_keeps_the_token(city):
    token = Token.objects.create(user=city["reviewer"])
    with pytest.raises(PermissionDenied):
        services.reset_password(user=city["reviewer"], by=city["head"])
    assert api_as(token.key) == 200
