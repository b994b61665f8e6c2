"""申报项目's tests: the small city (tests/city.py), plus 学前教育处 with its own staff, a
kindergarten and a private nine-year school in 和平区, and a programme of the city's 基础教育处."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from core.orgs.models import Organisation, Ownership, SchoolType, User
from core.orgs.roles import Role
from tests.city import City, build_city
from tests.factories import OrganisationFactory, person
from workflows.programmes.services import create_programme


@dataclass
class Town:
    city: City
    preschool: Organisation  # 学前教育处, another department
    preschool_reviewer: User
    kindergarten: Organisation  # 和平幼儿园, in district_a
    kindergarten_head: User
    private_school: Organisation  # 和平育才学校 (九年一贯制, 民办), in district_a
    private_head: User
    expert: User


@pytest.fixture
def town(db) -> Town:
    city = build_city()
    preschool = OrganisationFactory.department(name="学前教育处", code="preschool")
    kindergarten = OrganisationFactory.school(parent=city.district_a, name="和平幼儿园", code="2101020002",
                                              school_type=SchoolType.KINDERGARTEN)
    private = OrganisationFactory.school(parent=city.district_a, name="和平育才学校", code="2101020003",
                                         school_type=SchoolType.NINE_YEAR, ownership=Ownership.PRIVATE)
    return Town(city=city, preschool=preschool, preschool_reviewer=person("pre_reviewer", Role.CITY_REVIEWER, preschool),
                kindergarten=kindergarten, kindergarten_head=person("kg_head", Role.SCHOOL_HEAD, kindergarten),
                private_school=private, private_head=person("private_head", Role.SCHOOL_HEAD, private),
                expert=person("expert", Role.EXPERT, city.school_b))


def programme_fields(**fields) -> dict:
    """新优质均衡(示范)学校 2021 of the sample kind: public compulsory schools only."""
    return {"kind": "sample", "code": "new-quality", "year": 2021, "name": "新优质均衡(示范)学校",
            "school_types": [SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.NINE_YEAR],
            "ownerships": [Ownership.PUBLIC], "total_quota": 100, **fields}


@pytest.fixture
def programme(town):
    city = town.city
    return create_programme(department=city.department, by=city.city,
                            district_quotas={city.district_a: 6, city.district_b: 4}, **programme_fields())


def window(opens=-1, closes=30) -> dict:
    """opens_at and closes_at, `opens` and `closes` days from now."""
    now = timezone.now()
    return {"opens_at": now + timedelta(days=opens), "closes_at": now + timedelta(days=closes)}
