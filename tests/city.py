"""The test city, one builder on the factories (tests/factories.py) for every test package.

    tree = build_tree()     # 沈阳市教育局; 基础教育处 (basic); 和平区 (heping) with 和平一校 and
                            # 沈河区 (shenhe) with 沈河一校: the organisations, nobody in them
    city = build_city()     # the same tree and one person per role that the sample flow needs

Names and codes are fixed, as pages, messages and assertions show them. Tests that need more add
it with the factories (OrganisationFactory.school(parent=city.district_a), person(...)).
"""

from dataclasses import dataclass

from core.orgs.models import Organisation, User
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person


@dataclass
class Tree:
    bureau: Organisation
    department: Organisation  # 基础教育处: owns the sample applications
    district_a: Organisation  # 和平区
    district_b: Organisation  # 沈河区
    school_a: Organisation  # 和平一校, in district_a
    school_b: Organisation  # 沈河一校, in district_b


@dataclass
class City(Tree):
    head: User  # school_head at school_a: submits
    teacher: User  # applicant at school_a
    reviewer: User  # district_reviewer at district_a
    reviewer2: User  # district_reviewer at district_a
    reviewer_b: User  # district_reviewer at district_b (another district)
    district_head: User  # district_head at district_a
    city: User  # city_reviewer at the department
    city_head: User  # city_head at the department
    head_b: User  # school_head at school_b


def build_tree() -> Tree:
    # In this order, as ids follow it: the bureau, the department, the districts, the schools.
    bureau = OrganisationFactory.bureau()
    department = OrganisationFactory.department(name="基础教育处", code="basic")
    district_a = OrganisationFactory.district(name="和平区", code="heping")
    district_b = OrganisationFactory.district(name="沈河区", code="shenhe")
    return Tree(
        bureau=bureau,
        department=department,
        district_a=district_a,
        district_b=district_b,
        school_a=OrganisationFactory.school(parent=district_a, name="和平一校", code="2101020001"),
        school_b=OrganisationFactory.school(parent=district_b, name="沈河一校", code="2101030001"),
    )


def build_city() -> City:
    tree = build_tree()
    return City(
        **vars(tree),
        head=person("head", Role.SCHOOL_HEAD, tree.school_a),
        teacher=person("teacher", Role.APPLICANT, tree.school_a),
        reviewer=person("reviewer", Role.DISTRICT_REVIEWER, tree.district_a),
        reviewer2=person("reviewer2", Role.DISTRICT_REVIEWER, tree.district_a),
        reviewer_b=person("reviewer_b", Role.DISTRICT_REVIEWER, tree.district_b),
        district_head=person("district_head", Role.DISTRICT_HEAD, tree.district_a),
        city=person("city", Role.CITY_REVIEWER, tree.department),
        city_head=person("city_head", Role.CITY_HEAD, tree.department),
        head_b=person("head_b", Role.SCHOOL_HEAD, tree.school_b),
    )
