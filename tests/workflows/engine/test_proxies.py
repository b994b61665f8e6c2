"""委托/代理: during the range the proxy sees and acts on the principal's tasks, in the principal's
name; outside it, nothing; the audit names both."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.orgs.models import Participation, ParticipationReason, Proxy
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from tests.workflows.engine.proxy_helpers import MONDAY, at, colleagues, deputy
from workflows.engine import services
from workflows.engine.exceptions import Conflict, NotAllowed, NotFound
from workflows.engine.models import Decision
from workflows.engine.reading import selectors

TUESDAY, WEDNESDAY, THURSDAY = (MONDAY + timedelta(days=n) for n in (1, 2, 3))


@pytest.fixture
def monday():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


def name_proxy(principal, proxy, start=MONDAY, end=WEDNESDAY, reason="外出培训"):
    return services.create_proxy(principal=principal, proxy=proxy, starts_on=start, ends_on=end, reason=reason,
                                 by=principal)


def test_a_proxy_approves_a_queue_task_for_the_principal_and_the_audit_names_both(city, monday):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    name_proxy(city.reviewer, helper)

    decision = services.approve_task(task=open_task(item), by=helper, comment="同意")

    event = AuditEvent.objects.filter(action="approve", object_id=str(item.pk)).get()
    assert (event.actor, event.acting_for) == (helper, city.reviewer)
    recorded = Decision.objects.get(pk=decision.pk)
    assert (recorded.actor, recorded.acting_for) == (helper, city.reviewer)
    done = decision.task
    done.refresh_from_db()
    assert done.owner == city.reviewer  # the principal's task, done in their name
    # The proxy keeps seeing what they did in someone's name.
    assert Participation.objects.filter(user=helper, object_id=item.pk, reason=ParticipationReason.PROXY).exists()
    assert selectors.get_item_for(helper, item.pk).pk == item.pk


def test_a_proxy_acts_on_a_task_the_principal_claimed(city, monday):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    services.claim_task(task=open_task(item), by=city.reviewer)
    name_proxy(city.reviewer, helper)

    assert [entry.item.pk for entry in selectors.my_tasks(helper)] == [item.pk]
    services.return_task(task=open_task(item), by=helper, to="revise", comment="请补充材料")

    event = AuditEvent.objects.filter(action="return", object_id=str(item.pk)).get()
    assert (event.actor, event.acting_for) == (helper, city.reviewer)


def test_a_proxy_claims_for_the_principal_and_both_may_then_act(city, monday):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    name_proxy(city.reviewer, helper)

    task = services.claim_task(task=open_task(item), by=helper)
    assert task.owner_id == city.reviewer.pk
    with pytest.raises(Conflict):
        services.claim_task(task=task.pk, by=helper)
    services.approve_task(task=task.pk, by=city.reviewer)  # still the principal's own
    claim = AuditEvent.objects.filter(action="claim", object_id=str(item.pk)).get()
    assert (claim.actor, claim.acting_for) == (helper, city.reviewer)
    approval = AuditEvent.objects.filter(action="approve", object_id=str(item.pk)).get()
    assert (approval.actor, approval.acting_for) == (city.reviewer, None)


def test_the_proxy_sees_the_principals_tasks_only_inside_the_range(city):
    helper = deputy(of=city.reviewer)
    with time_machine.travel(at(MONDAY), tick=False):
        item = submitted_item(city)
        name_proxy(city.reviewer, helper, start=TUESDAY, end=WEDNESDAY)
        assert selectors.todo(helper) == []
        with pytest.raises(NotFound):
            selectors.get_item_for(helper, item.pk)
        with pytest.raises(NotFound):
            services.approve_task(task=open_task(item), by=helper)
    for day in (TUESDAY, WEDNESDAY):
        with time_machine.travel(at(day, 23), tick=False):  # the last day counts, to its end
            assert [entry.item.pk for entry in selectors.todo(helper)] == [item.pk]
            assert selectors.get_item_for(helper, item.pk).pk == item.pk
    with time_machine.travel(at(THURSDAY, 0), tick=False):
        assert selectors.todo(helper) == []
        with pytest.raises(NotFound):
            selectors.get_item_for(helper, item.pk)
        with pytest.raises(NotFound):
            services.approve_task(task=open_task(item), by=helper)


def test_a_proxy_sees_only_what_the_principals_tasks_need(city, monday):
    """Not the principal's whole district: an item that waits for someone else is out of reach."""
    helper = deputy(of=city.reviewer)
    waiting_for_reviewer = submitted_item(city)
    elsewhere = submitted_item(city)
    services.approve_task(task=open_task(elsewhere), by=city.reviewer2)  # now at the city's review
    name_proxy(city.reviewer, helper)
    assert selectors.get_item_for(helper, waiting_for_reviewer.pk)
    with pytest.raises(NotFound):
        selectors.get_item_for(helper, elsewhere.pk)


def test_a_proxy_may_not_approve_their_own_submission(city, monday):
    item = submitted_item(city)  # submitted by city.head
    colleagues(city.reviewer, city.head)  # so that the range may be named: the rule under test is the act's
    name_proxy(city.reviewer, city.head)
    assert selectors.todo(city.head) == []
    with pytest.raises(NotAllowed):
        services.approve_task(task=open_task(item), by=city.head)
    services.claim_task(task=open_task(item), by=city.reviewer)
    assert selectors.my_tasks(city.head) == []
    with pytest.raises(NotAllowed):
        services.approve_task(task=open_task(item), by=city.head)


def test_the_principal_keeps_acting_in_their_own_name(city, monday):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    name_proxy(city.reviewer, helper)
    services.approve_task(task=open_task(item), by=city.reviewer)
    event = AuditEvent.objects.filter(action="approve", object_id=str(item.pk)).get()
    assert (event.actor, event.acting_for) == (city.reviewer, None)


def test_an_ended_proxy_acts_no_more(city, monday):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    proxy = name_proxy(city.reviewer, helper)
    services.end_proxy(proxy=proxy, by=helper)  # the proxy may decline
    with pytest.raises(NotFound):
        services.approve_task(task=open_task(item), by=helper)
    assert reload(item).status == "district_review"
    with pytest.raises(Conflict):
        services.end_proxy(proxy=proxy, by=city.reviewer)
    assert set(AuditEvent.objects.filter(object_id=str(proxy.pk), content_type__model="proxy")
               .values_list("action", flat=True)) == {"proxy_created", "proxy_ended"}


def test_only_the_principal_and_the_proxy_see_or_end_a_proxy(city, monday):
    proxy = name_proxy(city.reviewer, deputy(of=city.reviewer))
    with pytest.raises(NotFound):
        services.end_proxy(proxy=proxy, by=city.reviewer2)
    assert list(services.proxies_of(city.reviewer2)) == []
    assert Proxy.objects.get(pk=proxy.pk).cancelled_at is None


def test_nobody_names_a_proxy_for_someone_else(city, monday):
    with pytest.raises(NotAllowed):
        services.create_proxy(principal=city.reviewer, proxy=deputy(of=city.reviewer), starts_on=MONDAY,
                              ends_on=TUESDAY, reason="代设", by=city.reviewer2)
    assert not Proxy.objects.exists()


@pytest.mark.parametrize("case, field", [
    ("reversed", "ends_on"), ("oneself", "proxy"), ("inactive", "proxy"), ("past", "starts_on"),
    ("no reason", "reason"),
])
def test_bad_ranges_are_refused_and_nothing_is_written(city, monday, case, field):
    helper = deputy(of=city.reviewer)
    arguments = {"principal": city.reviewer, "proxy": helper, "starts_on": TUESDAY, "ends_on": WEDNESDAY,
                 "reason": "休假", "by": city.reviewer}
    if case == "reversed":
        arguments.update(starts_on=WEDNESDAY, ends_on=TUESDAY)
    elif case == "oneself":
        arguments["proxy"] = city.reviewer
    elif case == "inactive":
        helper.is_active = False
        helper.save()
    elif case == "past":
        arguments["starts_on"] = MONDAY - timedelta(days=1)
    elif case == "no reason":
        arguments["reason"] = "  "
    with pytest.raises(ValidationError) as refused:
        services.create_proxy(**arguments)
    assert field in refused.value.error_dict
    assert not Proxy.objects.exists() and not AuditEvent.objects.filter(action="proxy_created").exists()


def test_overlapping_ranges_of_one_principal_are_refused(city, monday):
    name_proxy(city.reviewer, deputy(of=city.reviewer), start=MONDAY, end=WEDNESDAY)
    with pytest.raises(ValidationError) as refused:
        name_proxy(city.reviewer, deputy("other", of=city.reviewer), start=WEDNESDAY, end=THURSDAY)  # shares Wednesday
    assert "starts_on" in refused.value.error_dict
    # Back to back is fine, and so is a range overlapping one that was ended.
    name_proxy(city.reviewer, deputy("next", of=city.reviewer), start=THURSDAY, end=THURSDAY)
    ended = name_proxy(city.reviewer2, deputy("third", of=city.reviewer2), start=MONDAY, end=WEDNESDAY)
    services.end_proxy(proxy=ended, by=city.reviewer2)
    name_proxy(city.reviewer2, deputy("fourth", of=city.reviewer2), start=MONDAY, end=WEDNESDAY)
