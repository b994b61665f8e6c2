"""转办 and 委派 by a proxy (委托): they hand over their principal's task, in the principal's name;
the delegation comes back to the principal; the page offers the principal's colleagues."""

import pytest
import time_machine

from core.audit.models import AuditEvent
from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.proxy_helpers import MONDAY, at, deputy
from tests.workflows.engine.test_bad_acts import refused
from tests.workflows.engine.test_proxies import name_proxy
from tests.workflows.web.conftest import client_for, item_url
from tests.workflows.web.test_handover_pages import options
from tests.workflows.web.test_item_page import forms_on
from workflows.engine import services
from workflows.engine.exceptions import NotAllowed
from workflows.engine.reading import selectors


@pytest.fixture
def monday():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


def test_a_proxy_transfers_the_principals_task(city, monday):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    task = open_task(item)
    name_proxy(city.reviewer, helper)
    assert [c.user for c in selectors.candidates_for(helper, task.pk, "transfer")] == [city.reviewer2]
    page = client_for(helper).get(item_url(item)).content.decode()
    assert options(page, f"t{task.pk}-transfer-to") == ["reviewer2 · 和平区 · 区县审核员"]
    services.transfer_task(task=task, by=helper, to=city.reviewer2)
    task.refresh_from_db()
    assert task.owner == city.reviewer2
    event = AuditEvent.objects.get(action="transfer", object_id=str(item.pk))
    assert (event.actor, event.acting_for) == (helper, city.reviewer)


def test_a_proxys_delegation_comes_back_to_the_principal(city, monday):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    task = open_task(item)
    name_proxy(city.reviewer, helper)
    services.delegate_task(task=task, by=helper, to=city.reviewer2)
    task.refresh_from_db()
    assert task.data["delegation"] == {"handler": city.reviewer.pk, "delegate": city.reviewer2.pk}
    services.complete_delegation(task=task, by=city.reviewer2, comment="已核对。")
    task.refresh_from_db()
    assert task.owner == city.reviewer
    services.approve_task(task=task, by=city.reviewer)


def test_a_proxys_copy_names_both_in_the_audit(city, monday):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    task = open_task(item)
    name_proxy(city.reviewer, helper)
    services.cc_task(task=task, by=helper, users=[city.city_head])
    event = AuditEvent.objects.get(action="cc", object_id=str(item.pk))
    assert (event.actor, event.acting_for) == (helper, city.reviewer)


def test_the_delegates_proxy_hands_it_back_in_the_delegates_name(city, monday):
    # A delegated task is in the delegate's 待办, so in their proxy's too: the proxy may answer.
    helper = deputy(of=city.reviewer2)
    item = submitted_item(city)
    task = open_task(item)
    services.delegate_task(task=task, by=city.reviewer, to=city.reviewer2)
    name_proxy(city.reviewer2, helper)
    assert [entry.task.pk for entry in selectors.my_tasks(helper)] == [task.pk]
    page = client_for(helper).get(item_url(item)).content.decode()
    assert forms_on(page) == {"hand-back"}
    refused(item, NotAllowed, services.approve_task, task=task, by=helper)
    refused(item, NotAllowed, services.recall_delegation, task=task, by=helper)
    services.complete_delegation(task=task, by=helper, comment="人数已核对。")
    event = AuditEvent.objects.get(action="delegation_done", object_id=str(item.pk))
    assert (event.actor, event.acting_for) == (helper, city.reviewer2)
    task.refresh_from_db()
    assert task.owner == city.reviewer and "delegation" not in task.data
    services.approve_task(task=task, by=city.reviewer)
