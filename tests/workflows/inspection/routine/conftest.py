"""常态督导's test city: the shared tree (tests/city.py) plus the 督导室 (code "supervision") with a
reviewer, two 督学 and their zones — zone A: 和平一校 and four more 和平区 schools; zone B: 沈河一校 —
on Monday 13 September 2021 (the 2021 calendar: the Mid-Autumn holiday is 19–21 September,
Saturday 18 a make-up working day; National Day 1–7 October)."""

import datetime
from dataclasses import dataclass
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from core.calendar import install_test_calendar
from core.docnumbers.defaults import seed_document_types
from core.orgs.models import Organisation, User
from core.orgs.roles import Role
from tests.city import City, build_city
from tests.factories import OrganisationFactory, person
from workflows.inspection.routine import zones
from workflows.inspection.routine.models import Zone

TZ = timezone.get_default_timezone()
MONDAY = datetime.datetime(2021, 9, 13, 10, 0, tzinfo=TZ)


@dataclass
class Routine:
    city: City
    supervision: Organisation
    manager: User  # 督导室审核员
    inspector: User  # 责任督学 of zone A
    inspector_b: User  # 责任督学 of zone B
    zone: Zone
    zone_b: Zone
    schools: list  # zone A's five schools, 和平一校 first

    @property
    def head(self) -> User:  # 和平一校's head
        return self.city.head


def build_routine() -> Routine:
    install_test_calendar([2021])
    import_module("notifications.migrations.0002_default_policy").create_default(apps, None)
    seed_document_types()
    city = build_city()
    supervision = OrganisationFactory.department(name="督导室", code="supervision")
    manager = person("督导室审核员", Role.CITY_REVIEWER, supervision)
    inspector = person("马俊", Role.INSPECTOR, city.district_b)
    inspector_b = person("朱红", Role.INSPECTOR, city.district_a)
    others = [OrganisationFactory.school(parent=city.district_a, name=f"和平{n}校", code=f"210102000{n}")
              for n in range(2, 6)]
    schools = [city.school_a, *others]
    zone = zones.create_zone(by=manager, name="和平一区", inspector=inspector, schools=schools)
    zone_b = zones.create_zone(by=manager, name="沈河一区", inspector=inspector_b, schools=[city.school_b])
    return Routine(city=city, supervision=supervision, manager=manager, inspector=inspector,
                   inspector_b=inspector_b, zone=zone, zone_b=zone_b, schools=schools)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def routine(db, clock) -> Routine:
    return build_routine()
