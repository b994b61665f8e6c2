"""`make run` seeds sample applications so that the demo logins have 待办."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.orgs.demo import seed_demo_city
from core.orgs.models import Organisation, RoleGrant, User
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo import seed_sample_items
from tests.sampleapp.models import SampleApplication
from workflows.engine.reading import selectors


def holder(role, organisation):
    return RoleGrant.objects.filter(role=role, organisation=organisation).first().user


@pytest.mark.django_db
def test_demo_logins_have_tasks_and_seeding_twice_adds_nothing():
    seed_demo_city(password="Demo@2026-test")
    assert seed_sample_items() == 4
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    department = Organisation.objects.get(kind=OrgKind.DEPARTMENT, code="basic")
    reviewer = holder(Role.DISTRICT_REVIEWER, district)
    assert len(selectors.queue(reviewer)) == 1 and len(selectors.my_tasks(reviewer)) == 1
    assert len(selectors.queue(holder(Role.CITY_REVIEWER, department))) == 1
    statuses = sorted(SampleApplication.objects.values_list("status", flat=True))
    assert statuses == ["city_review", "district_review", "district_review", "returned"]
    assert seed_sample_items() == 0


@pytest.mark.django_db
def test_the_command_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_sample_items")


@pytest.mark.django_db
def test_the_command_prints_a_try_this_first_list_naming_real_logins(settings):
    seed_demo_city(password="Demo@2026-test")
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_sample_items", stdout=out)
    printed = out.getvalue()
    assert "先试试这些" in printed
    rows = [line for line in printed.splitlines() if line[:1].isdigit()]
    assert len(rows) >= 3
    for row in rows:
        assert User.objects.filter(username=row.split()[1]).exists(), row
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    assert holder(Role.DISTRICT_REVIEWER, district).username in printed
