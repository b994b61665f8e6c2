"""The demo's 名优教师工作室: this year's programme of 教师工作处 with its rules and campaign, three
hosts of 和平区 at the draft, the school head's endorsement and the district's list, each with five
members; the tries name real logins; seeding twice writes nothing more."""

from collections import Counter

import pytest

from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from workflows.demo import studio
from workflows.studio.models import Studio, StudioMember

pytestmark = pytest.mark.django_db
S = Studio.Status


def test_three_hosts_stand_at_the_draft_the_school_and_the_district_list():
    seed_demo_city(password="Demo@2026-test")
    tries = studio.seed()
    assert Counter(Studio.objects.values_list("status", flat=True)) == {S.DRAFT: 1, S.SCHOOL_ENDORSE: 1,
                                                                       S.DISTRICT_RECOMMEND: 1}
    for item in Studio.objects.all():
        assert StudioMember.objects.filter(studio=item).count() == 5
    assert len(tries) == 4 and all(User.objects.filter(username=t.username).exists() for t in tries)
    assert studio.seed() == tries and Studio.objects.count() == 3
