"""委托 and list acts: a proxy signs a list for their principal, every member's decision and audit
event naming both; without a live range, or for their own submission, nothing is signed."""

import pytest
from django.utils import timezone

from core.audit.models import AuditEvent
from tests.sampleapp.recommendation import sample_recommend
from tests.workflows.engine.batch_helpers import (
    recommendation_campaign,
    waiting_for_list,
)
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.proxy_helpers import colleagues, deputy
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.lists.models import ListMember
from workflows.engine.proxies.services import create_proxy
from workflows.engine.access import scoped_items


def name_proxy(city, stand_in):
    today = timezone.localdate()
    create_proxy(principal=city.district_head, proxy=stand_in, starts_on=today, ends_on=today, reason="出差",
                 by=city.district_head)


def test_a_proxy_signs_the_list_in_the_principals_name(city):
    campaign = recommendation_campaign(city, seats=3)
    items = waiting_for_list(city, campaign, 2)
    tasks = [open_task(item) for item in items]
    stand_in = deputy(of=city.district_head)
    name_proxy(city, stand_in)

    listed = sample_recommend(items=items, by=stand_in, comment="同意推荐。")

    members = ListMember.objects.filter(list_act=listed).select_related("decision")
    assert [(m.decision.actor, m.decision.acting_for) for m in members] == [(stand_in, city.district_head)] * 2
    events = AuditEvent.objects.filter(action__in=["approve", "list_act"], actor=stand_in)
    assert events.count() == 3 and {event.acting_for for event in events} == {city.district_head}
    for task in tasks:  # done in the principal's name: their task, as if they had claimed it
        task.refresh_from_db()
        assert (task.status, task.owner) == ("DONE", city.district_head)
    # The proxy keeps seeing what they signed after the tasks moved on.
    assert scoped_items(stand_in).filter(pk__in=[item.pk for item in items]).count() == 2


def test_without_a_live_range_a_stand_in_cannot_sign(city):
    campaign = recommendation_campaign(city, seats=3)
    items = waiting_for_list(city, campaign, 2)
    with pytest.raises(NotFound):
        sample_recommend(items=items, by=deputy())
    assert {reload(item).status for item in items} == {items[0].status}


def test_a_proxy_never_lists_their_own_submission(city):
    campaign = recommendation_campaign(city, seats=3)
    items = waiting_for_list(city, campaign, 1)
    colleagues(city.district_head, city.head)  # so that the range may be named: the rule under test is the act's
    name_proxy(city, city.head)  # the school's head, who submitted the item, stands in for the district
    with pytest.raises(NotAllowed):
        sample_recommend(items=items, by=city.head)
    assert not ListMember.objects.exists()
