"""The demo's 评分指标 piece: 学前教育处's star rating in edit with two levels and the five bands,
last year's 普惠性民办园认定 frozen and offered for copying to this year, 基础教育处's rubric frozen
by the scoring demo; the Try lines name who signs in; seeding again writes nothing."""

import pytest
from django.utils import timezone

from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from tests.sampleapp import demo_rubrics
from workflows.engine.rubrics import selectors
from workflows.engine.rubrics.models import Rubric
from workflows.engine.rubrics.tree import rubric_tree


@pytest.mark.django_db
def test_the_demo_seeds_a_rubric_in_edit_and_frozen_ones_once():
    seed_demo_city(password="Demo@2026-test")
    tries = demo_rubrics.seed()
    assert [t.username for t in tries] == ["preschool_reviewer", "preschool_reviewer", "basic_reviewer"]
    stars = Rubric.objects.get(name=demo_rubrics.STARS)
    tree = rubric_tree(stars)
    assert not stars.frozen and [b.label for b in tree.bands] == ["五星", "四星", "三星", "二星", "一星"]
    assert {spec.parent for spec in tree.indicators} == {None, "A", "B"}
    basic = Rubric.objects.get(name=demo_rubrics.RUBRIC_NAME)
    assert basic.frozen and basic.frozen_by.startswith("专家评分：")
    staff = User.objects.get(username="preschool_reviewer")
    listed = list(selectors.rubric_list(staff, stars.department))
    inclusive = next(r for r in listed if r.name == demo_rubrics.INCLUSIVE)
    assert inclusive.frozen and selectors.copy_targets(staff, stars.department) == {inclusive.pk: timezone.localdate().year}
    count = Rubric.objects.count()
    assert demo_rubrics.seed() == tries and Rubric.objects.count() == count
