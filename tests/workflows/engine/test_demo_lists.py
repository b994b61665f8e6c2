"""The 名单办理 demo piece: two schools of the second district wait at the decision list for the
department head, who is named in the try-this-first line; seeding twice writes nothing more."""

import pytest

from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from tests.sampleapp import demo_lists
from tests.sampleapp.notice_models import SampleHonour
from workflows.engine.lists.selectors import waiting_for_lists

pytestmark = pytest.mark.django_db


def test_two_schools_wait_for_the_head_s_list_and_seeding_twice_adds_nothing():
    seed_demo_city(password="Demo@2026-test")
    (tried,) = demo_lists.seed()
    head = User.objects.get(username=tried.username)
    waiting = [entry.item.pk for _step, entries in waiting_for_lists(head) for entry in entries]
    seeded = list(SampleHonour.objects.filter(title__endswith=demo_lists.TITLE).values_list("pk", flat=True))
    assert len(seeded) == 2 and sorted(waiting) == sorted(seeded) and "名单办理" in tried.what
    assert demo_lists.seed() == [tried]
    assert SampleHonour.objects.filter(title__endswith=demo_lists.TITLE).count() == 2
