"""催办: who may urge, whom it reaches, once per person and task per interval."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit.models import AuditEvent
from core.orgs.models import Organisation, User
from notifications.models import Notification
from tests.sampleapp.panels import CountersignFlow
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.multi_helpers import build_panel, member_tasks, submitted
from tests.workflows.engine.proxy_helpers import MONDAY, at
from workflows.engine import message_kinds as engine_kinds
from workflows.engine import services
from workflows.engine.exceptions import NotAllowed, NotFound, TaskClosed, TooSoon
from workflows.engine.urging import rules as urging

TUESDAY = MONDAY + timedelta(days=1)


def urges():
    return AuditEvent.objects.filter(action="urge")


def urged(user):
    return Notification.objects.filter(kind=engine_kinds.URGED, recipient=user)


@pytest.fixture
def monday():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


def test_the_submitter_urges_every_holder_of_the_queue(city, monday):
    item = submitted_item(city)
    event = services.urge_task(task=open_task(item), by=city.head, comment="请尽快审核")
    assert (event.actor, event.comment, event.object_id) == (city.head, "请尽快审核", str(item.pk))
    assert urged(city.reviewer).count() == urged(city.reviewer2).count() == 1
    assert not urged(city.head).exists() and not urged(city.reviewer_b).exists()


def test_an_owned_task_urges_only_its_owner(city, monday):
    item = submitted_item(city)
    services.claim_task(task=open_task(item), by=city.reviewer)
    services.urge_task(task=open_task(item), by=city.head)
    assert urged(city.reviewer).count() == 1 and not urged(city.reviewer2).exists()


def test_once_per_interval_with_the_next_time_in_the_refusal(city, monday):
    item = submitted_item(city)
    task = open_task(item)
    services.urge_task(task=task, by=city.head)
    monday.move_to(at(TUESDAY, 9))
    with pytest.raises(TooSoon) as refused:
        services.urge_task(task=task, by=city.head)
    assert refused.value.next_allowed_at == at(MONDAY, 10) + timedelta(hours=24)
    assert "2026年3月3日 10:00" in str(refused.value.message)
    assert urges().count() == 1 and urged(city.reviewer).count() == 1
    # Someone else's urge is their own to count.
    services.urge_task(task=task, by=city.city)
    monday.move_to(at(TUESDAY, 10) + timedelta(seconds=1))
    services.urge_task(task=task, by=city.head)
    assert urges().filter(actor=city.head).count() == 2 and urged(city.reviewer).count() == 3


def test_the_interval_is_a_setting(city, monday, settings):
    settings.WORKFLOWS_URGE_INTERVAL = timedelta(hours=1)
    task = open_task(submitted_item(city))
    services.urge_task(task=task, by=city.head)
    monday.move_to(at(MONDAY, 11) + timedelta(seconds=1))
    services.urge_task(task=task, by=city.head)
    assert urges().count() == 2


def test_supervisors_of_the_handler_and_the_owning_department_may_urge(city, monday):
    city.district_a.head = city.district_head
    city.bureau.head = User.objects.create_user(username="director", full_name="局长")
    Organisation.objects.bulk_update([city.district_a, city.bureau], ["head"])
    task = open_task(submitted_item(city))  # in district_a's reviewers' queue
    for supervisor in (city.district_head, city.city, city.city_head):
        services.urge_task(task=task, by=supervisor)
    assert urges().count() == 3


def test_the_head_above_a_named_persons_organisation_may_urge(city, monday):
    """A returned item waits for its submitter at the school: the district's head is above it."""
    city.district_a.head = city.district_head
    city.district_a.save()
    item = submitted_item(city)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="补充材料")
    services.urge_task(task=open_task(item), by=city.district_head)
    assert urged(city.head).count() == 1


def test_no_right_no_urge(city, monday):
    item = submitted_item(city)
    task = open_task(item)
    with pytest.raises(NotFound):
        services.urge_task(task=task, by=city.reviewer_b)  # another district: cannot see it
    with pytest.raises(NotFound):
        services.urge_task(task=task.pk + 10_000, by=city.head)
    with pytest.raises(NotAllowed):
        services.urge_task(task=task, by=city.reviewer2)  # sees it, supervises nobody
    services.claim_task(task=task, by=city.reviewer)
    with pytest.raises(NotAllowed):
        services.urge_task(task=task, by=city.reviewer)  # nobody urges themselves
    assert not urges().exists() and not Notification.objects.filter(kind=engine_kinds.URGED).exists()


def test_a_closed_task_is_not_urged(city, monday):
    item = submitted_item(city)
    task = open_task(item)
    services.approve_task(task=task, by=city.reviewer)
    with pytest.raises(TaskClosed):
        services.urge_task(task=task, by=city.head)
    with pytest.raises(NotFound):
        services.urge_task(task=task, by=city.reviewer_b)
    assert not urges().exists()


def test_the_item_pages_urge_offers_agree_with_urge_task_in_constant_statements(db, monday):
    """会签: one open task per reviewer. The offers for all of them cost what they cost for one."""
    panel = build_panel()
    city = panel.city
    city.district_a.head = city.district_head
    city.district_a.save()
    item = submitted(panel, CountersignFlow)
    tasks = list(member_tasks(item).values())
    assert len(tasks) == 3
    services.urge_task(task=tasks[0], by=city.district_head)
    for user in (city.head, city.city, city.district_head, city.reviewer2, city.reviewer_b):
        with CaptureQueriesContext(connection) as one:
            urging.urge_offers(user, tasks[:1], item)
        with CaptureQueriesContext(connection) as three:
            offers = urging.urge_offers(user, tasks, item)
        assert len(three) == len(one) <= 5, user
        assert set(offers) == {task.pk for task in tasks if urging.may_urge(user, task, item)}, user
    offers = urging.urge_offers(city.district_head, tasks, item)
    assert offers[tasks[0].pk] == at(MONDAY) + urging.interval() and offers[tasks[1].pk] is None
