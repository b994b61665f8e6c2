"""A pool for the test city: two more districts (大东区 with two schools, 皇姑区 with one), experts
at home in each of the four districts, and submitted sample applications of school_a (和平区) and
school_b (沈河区) to draw panels for."""

from dataclasses import dataclass

import pytest

from core.orgs.models import Organisation
from core.orgs.roles import Role
from tests.city import City, build_city
from tests.factories import OrganisationFactory, person
from tests.sampleapp.services import sample_create, sample_submit
from workflows.engine.experts.pool import add_expert
from workflows.engine.experts.pool_models import Expert
from workflows.engine.models import Item

PRIMARY_MATHS = {"stage": ["小学"], "subject": ["数学"]}


@dataclass
class PoolCity:
    city: City
    district_c: Organisation  # 大东区
    school_c1: Organisation
    school_c2: Organisation
    district_d: Organisation  # 皇姑区
    school_d1: Organisation

    def __getattr__(self, name):
        return getattr(self.city, name)


def build_pool_city() -> PoolCity:
    city = build_city()
    district_c = OrganisationFactory.district(name="大东区", code="dadong")
    district_d = OrganisationFactory.district(name="皇姑区", code="huanggu")
    return PoolCity(city=city, district_c=district_c,
                    school_c1=OrganisationFactory.school(parent=district_c, name="大东一校", code="2101040001"),
                    school_c2=OrganisationFactory.school(parent=district_c, name="大东二校", code="2101040002"),
                    district_d=district_d,
                    school_d1=OrganisationFactory.school(parent=district_d, name="皇姑一校", code="2101050001"))


@pytest.fixture
def town(db) -> PoolCity:
    return build_pool_city()


def expert(town, name: str, home, *, fields=None, department=None, by=None) -> Expert:
    """A new person, holding the expert role at `home`, added to the department's pool."""
    user = person(name, Role.EXPERT, home)
    return add_expert(department=department or town.department, user=user, home=home, by=by or town.city.city,
                      fields=PRIMARY_MATHS if fields is None else fields)


def outside_experts(town, count: int, **options) -> list[Expert]:
    """`count` experts at home in 大东区 and 皇姑区 (outside both items' districts), in turn."""
    homes = [town.school_c1, town.school_d1, town.school_c2, town.district_d]
    first = Expert.objects.count() + 1  # names go on across calls
    return [expert(town, f"专家{first + n}", homes[n % len(homes)], **options) for n in range(count)]


def application(town, *, school=None, title="新优质学校申报") -> Item:
    """A submitted sample application of school_a (or of school_b)."""
    school = school or town.school_a
    head = town.head if school == town.school_a else town.head_b
    item = sample_create(organisation=school, owner_department=town.department, by=head, title=title)
    sample_submit(item=item, by=head)
    return Item.objects.get(pk=item.pk).as_kind()


def drawn(town, *, reserves=2, items=None):
    """A panel of 3 with `reserves` 候补 for a new application (or `items`), and its seats in order."""
    from workflows.engine.experts import selectors
    from workflows.engine.experts.draw import draw_panel
    if not Expert.objects.exists():
        outside_experts(town, 3 + reserves + 1)
    panel = draw_panel(items=items or [application(town)], size=3, reserves=reserves, by=town.city.city)
    return panel, selectors.seats_of(panel)
