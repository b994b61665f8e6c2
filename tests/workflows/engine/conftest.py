"""A small city for the engine's tests: one department, two districts with a school each, and one
person per role that the sample application flow needs."""

from dataclasses import dataclass

import datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.calendar import install_test_calendar
from core.orgs.models import Organisation, User
from core.orgs.roles import OrgKind, Role
from core.orgs.services import grant_role
from tests.sampleapp.services import sample_create, sample_submit
from workflows.engine.models import Item


@dataclass
class City:
    bureau: Organisation
    department: Organisation
    district_a: Organisation
    district_b: Organisation
    school_a: Organisation
    school_b: Organisation
    head: User  # school_head at school_a: submits
    teacher: User  # applicant at school_a
    reviewer: User  # district_reviewer at district_a
    reviewer2: User  # district_reviewer at district_a
    reviewer_b: User  # district_reviewer at district_b (another district)
    district_head: User  # district_head at district_a
    city: User  # city_reviewer at the department
    city_head: User  # city_head at the department
    head_b: User  # school_head at school_b


def build_city() -> City:
    bureau = Organisation.objects.create(name="沈阳市教育局", kind=OrgKind.BUREAU)
    department = Organisation.objects.create(name="基础教育处", kind=OrgKind.DEPARTMENT, parent=bureau, code="basic")
    district_a = Organisation.objects.create(name="和平区", kind=OrgKind.DISTRICT, parent=bureau, code="heping")
    district_b = Organisation.objects.create(name="沈河区", kind=OrgKind.DISTRICT, parent=bureau, code="shenhe")
    school_a = Organisation.objects.create(
        name="和平一校", kind=OrgKind.SCHOOL, parent=district_a, code="2101020001", school_type="primary",
        ownership="public",
    )
    school_b = Organisation.objects.create(
        name="沈河一校", kind=OrgKind.SCHOOL, parent=district_b, code="2101030001", school_type="primary",
        ownership="public",
    )

    def person(username, role, organisation):
        user = User.objects.create_user(username=username, password="x-unused-1", full_name=username)
        grant_role(user=user, role=role, organisation=organisation)
        return user

    return City(
        bureau=bureau, department=department, district_a=district_a, district_b=district_b,
        school_a=school_a, school_b=school_b,
        head=person("head", Role.SCHOOL_HEAD, school_a),
        teacher=person("teacher", Role.APPLICANT, school_a),
        reviewer=person("reviewer", Role.DISTRICT_REVIEWER, district_a),
        reviewer2=person("reviewer2", Role.DISTRICT_REVIEWER, district_a),
        reviewer_b=person("reviewer_b", Role.DISTRICT_REVIEWER, district_b),
        district_head=person("district_head", Role.DISTRICT_HEAD, district_a),
        city=person("city", Role.CITY_REVIEWER, department),
        city_head=person("city_head", Role.CITY_HEAD, department),
        head_b=person("head_b", Role.SCHOOL_HEAD, school_b),
    )


@pytest.fixture
def city(db) -> City:
    return build_city()


# Thursday 30 September 2021, the eve of the National Day holiday (1–7 October). Saturday
# 9 October is a make-up working day (调休上班).
EVE_OF_NATIONAL_DAY = datetime.datetime(2021, 9, 30, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def city_on_the_eve(db) -> City:
    """The city built on the eve of the holiday, with the 2021 calendar (deadline tests)."""
    # A transactional test before this one may have emptied the calendar and the seeded policy.
    install_test_calendar([2021])
    import_module("notifications.migrations.0002_default_policy").create_default(apps, None)
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        return build_city()


def new_item(city: City, *, by=None, title="新优质学校申报", **fields):
    return sample_create(
        organisation=city.school_a, owner_department=city.department, by=by or city.head, title=title, **fields
    )


def submitted_item(city: City, **kwargs):
    item = new_item(city, **kwargs)
    sample_submit(item=item, by=item.submitter)
    return Item.objects.get(pk=item.pk).as_kind()


def open_task(item) -> Task:
    """The one open human task of the item."""
    return Task.objects.get(
        process__item=item, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def reload(item):
    return Item.objects.get(pk=item.pk).as_kind()
