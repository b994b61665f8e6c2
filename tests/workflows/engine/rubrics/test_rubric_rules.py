"""Attacks on the one rule (rubrics/rules.py): only the owning department's staff see or change a
rubric. Another department's staff, a district, a school, an expert and an anonymous user get
404 from every service and nothing is written;. Concurrent edits: test_rubric_concurrency.py."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.engine.rubrics.helpers import school_rubric
from workflows.engine.exceptions import NotFound
from workflows.engine.rubrics import rules
from workflows.engine.rubrics.indicator_edits import add_indicator, edit_indicator, remove_indicator
from workflows.engine.rubrics.models import Indicator, Rubric
from workflows.engine.rubrics.services import copy_rubric, create_rubric, edit_rubric, set_bands

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsiders(city):
    other = OrganisationFactory.department(name="职业教育处", code="vocational")
    return {
        "other department": person("vocational", Role.CITY_HEAD, other),
        "district": city.district_head,
        "school": city.head,
        "expert": person("expert", Role.EXPERT, city.department),
        "anonymous": AnonymousUser(),
    }


def test_department_staff_see_their_rubrics_and_only_theirs(city, outsiders):
    rubric = school_rubric(city.department, city.city)
    mine = list(rules.manageable(city.city_head))
    assert mine == [rubric]
    for who, user in outsiders.items():
        assert list(rules.manageable(user)) == [], who


@pytest.mark.parametrize("who", ["other department", "district", "school", "expert", "anonymous"])
def test_outsiders_reach_no_service(city, outsiders, who):
    rubric = school_rubric(city.department, city.city)
    a1 = rubric.indicators.get(code="A1")
    user = outsiders[who]
    before = (AuditEvent.objects.count(), Rubric.objects.count(), Indicator.objects.count())
    attempts = [
        lambda: create_rubric(department=city.department, name="冒名", year=2024, by=user),
        lambda: edit_rubric(rubric=rubric, by=user, name="改名"),
        lambda: add_indicator(rubric=rubric, by=user, code="C", name="特色", max_score=10),
        lambda: edit_indicator(indicator=a1, by=user, max_score=1),
        lambda: remove_indicator(indicator=a1, by=user),
        lambda: set_bands(rubric=rubric, by=user, bands=[]),
        lambda: copy_rubric(rubric=rubric, by=user),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    assert (AuditEvent.objects.count(), Rubric.objects.count(), Indicator.objects.count()) == before
    rubric.refresh_from_db()
    assert rubric.name == "新优质学校评估"


def test_a_lapsed_grant_is_no_standing(city):
    import datetime

    from django.utils import timezone

    from tests.factories import grant
    gone = person("gone")
    grant(gone, Role.CITY_REVIEWER, city.department, valid_until=timezone.now() - datetime.timedelta(days=1))
    rubric = school_rubric(city.department, city.city)
    with pytest.raises(NotFound):
        edit_rubric(rubric=rubric, by=gone, name="改名")
