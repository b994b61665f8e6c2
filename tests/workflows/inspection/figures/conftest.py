"""数据采集's tests: the small city (tests/city.py) plus the 督导室 with a reviewer, 和平区's 第一初中 and
实验学校 (九年一贯制) with their heads, a 特殊教育学校, and each district's 经办人; a 优质均衡 collection
of 2021 for both districts and a 学前普及普惠 one."""

from dataclasses import dataclass

import pytest

from core.orgs.models import Organisation, SchoolType, User
from core.orgs.roles import Role
from tests.city import City, build_city
from tests.factories import OrganisationFactory, person
from workflows.inspection.figures.models import Figure, FigureCollection, FigureIndicator, FigureRule, FigureSet
from workflows.inspection.figures.seed import install_sets
from workflows.inspection.figures.services import create_collection


@dataclass
class Town:
    city: City
    supervision: Organisation  # 督导室
    inspector_office: User  # city_reviewer at the 督导室
    junior: Organisation  # 和平第一初中 (district_a)
    junior_head: User
    nine_year: Organisation  # 和平实验学校 (九年一贯制, district_a)
    nine_year_head: User
    special: Organisation  # 和平特殊教育学校: not asked (its type is not among the collection's)
    staff_a: User  # district_staff at district_a
    staff_b: User  # district_staff at district_b
    balanced: FigureCollection
    preschool: FigureCollection


@pytest.fixture
def town(db) -> Town:
    # Migration 0004 installs the sets; a transactional test elsewhere in the run flushes them, so
    # they are installed again here (install_sets leaves a set that is there as it is).
    install_sets(FigureSet, Figure, FigureRule, FigureIndicator)
    city = build_city()
    supervision = OrganisationFactory.department(name="督导室", code="supervision")
    inspector_office = person("duban", Role.CITY_REVIEWER, supervision)
    junior = OrganisationFactory.school(parent=city.district_a, name="和平第一初中", code="2101020005",
                                        school_type=SchoolType.JUNIOR)
    nine_year = OrganisationFactory.school(parent=city.district_a, name="和平实验学校", code="2101020007",
                                           school_type=SchoolType.NINE_YEAR)
    special = OrganisationFactory.school(parent=city.district_a, name="和平特殊教育学校", code="2101020013",
                                         school_type=SchoolType.SPECIAL)
    balanced = create_collection(figure_set=FigureSet.objects.get(code="balanced-compulsory"), year=2021,
                                 name="2021年义务教育优质均衡资源配置", by=inspector_office)
    preschool = create_collection(figure_set=FigureSet.objects.get(code="preschool-universal"), year=2021,
                                  name="2021年学前教育普及普惠", by=inspector_office)
    return Town(city=city, supervision=supervision, inspector_office=inspector_office, junior=junior,
                junior_head=person("junior_head", Role.SCHOOL_HEAD, junior), nine_year=nine_year,
                nine_year_head=person("nine_head", Role.SCHOOL_HEAD, nine_year), special=special,
                staff_a=person("staff_a", Role.DISTRICT_STAFF, city.district_a),
                staff_b=person("staff_b", Role.DISTRICT_STAFF, city.district_b), balanced=balanced,
                preschool=preschool)


def target(collection, organisation):
    return collection.targets.get(organisation=organisation)


# A school's figures (raw, as typed): every 小学 indicator comfortably met for 1000 students.
GOOD = {"students": "1000", "teachers": "80", "degree_teachers": "60", "backbone_teachers": "15",
        "pe_arts_teachers": "12", "teaching_area": "6000.5", "sports_area": "11000", "equipment_value": "300",
        "multimedia_rooms": "25"}
COUNTY = {"age_population": "10000", "enrolled": "8800", "inclusive_enrolled": "7200", "public_enrolled": "4400",
          "staff": "1300", "teachers": "600", "building_area": "80000", "classes": "300"}
