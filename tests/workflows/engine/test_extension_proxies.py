"""委托 and 延期申请: while a range runs, the approver's proxy sees the requests waiting for the
approver and decides them in the approver's name (the audit names both); the requester's proxy
and anyone else may not."""

import datetime

import time_machine
from django.urls import reverse

from core.audit.models import AuditEvent
from tests.workflows.engine.deadline_helpers import deadline, local
from tests.workflows.engine.extension_helpers import (  # noqa: F401
    ASKED_AT,
    DECIDED_AT,
    ask,
    city,
    claimed_review,
)
from tests.workflows.engine.proxy_helpers import colleagues, deputy
from tests.workflows.engine.test_bad_acts import refused
from tests.workflows.web.conftest import client_for, item_url
from workflows.engine import services
from workflows.engine.deadlines.extension_models import ExtensionState
from workflows.engine.deadlines.extension_selectors import (
    DECIDE,
    DecisionRights,
    extensions_for,
)
from workflows.engine.deadlines.extension_services import (
    grant_extension,
    refuse_extension,
)
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.access import visible

RANGE = (datetime.date(2021, 10, 11), datetime.date(2021, 10, 15))


def name_proxy(principal, proxy):
    with time_machine.travel(ASKED_AT, tick=False):
        return services.create_proxy(principal=principal, proxy=proxy, starts_on=RANGE[0], ends_on=RANGE[1],
                                     reason="外出培训", by=principal)


def test_the_approvers_proxy_sees_and_grants_in_the_approvers_name(city):
    item, task = claimed_review(city)
    extension = ask(city, task)
    helper = deputy(of=city.city)
    name_proxy(city.city, helper)  # the owning department's city reviewer, who decides
    with time_machine.travel(DECIDED_AT, tick=False):
        assert visible(helper, item)
        assert list(extensions_for(helper, DECIDE)) == [extension]
        assert DecisionRights(helper).may_decide(extensions_for(helper, DECIDE).get())
        page = client_for(helper).get(item_url(item)).content.decode()
        assert reverse("workflows:extension_grant", args=[extension.pk]) in page
        grant_extension(extension=extension, by=helper, comment="同意")
    assert deadline(task).due_at == local(2021, 10, 20, 17, 30)
    for action in ("extension_granted", "deadline_moved"):
        event = AuditEvent.objects.get(action=action, object_id=str(item.pk))
        assert (event.actor, event.acting_for) == (helper, city.city), action


def test_the_approvers_proxy_refuses_in_the_approvers_name(city):
    item, task = claimed_review(city)
    extension = ask(city, task)
    helper = deputy(of=city.city)
    name_proxy(city.city, helper)
    with time_machine.travel(DECIDED_AT, tick=False):
        refuse_extension(extension=extension, by=helper, comment="期限不能再延。")
    extension.refresh_from_db()
    assert (extension.state, extension.decided_by) == (ExtensionState.REFUSED, helper)
    event = AuditEvent.objects.get(action="extension_refused", object_id=str(item.pk))
    assert (event.actor, event.acting_for) == (helper, city.city)


def test_nobody_else_decides_through_a_proxy(city):
    item, task = claimed_review(city)
    extension = ask(city, task)
    requesters_proxy, stranger = deputy("requesters_proxy", of=city.reviewer), deputy("stranger")
    name_proxy(city.reviewer, requesters_proxy)  # sees the item through the requester's task
    with time_machine.travel(DECIDED_AT, tick=False):
        refused(item, NotAllowed, grant_extension, extension=extension, by=requesters_proxy)
        refused(item, NotFound, grant_extension, extension=extension, by=stranger)
        assert not extensions_for(requesters_proxy, DECIDE).exists()
    # Once the range is over the approver's proxy no longer sees or decides it.
    helper = deputy(of=city.city)
    name_proxy(city.city, helper)
    with time_machine.travel(local(2021, 10, 18, 10, 0), tick=False):
        assert not visible(helper, item)
        refused(item, NotFound, grant_extension, extension=extension, by=helper)
    assert deadline(task).due_at == local(2021, 10, 13, 17, 30)


def test_a_proxy_never_decides_on_their_own_submission(city):
    item, task = claimed_review(city)
    extension = ask(city, task)
    colleagues(city.city, city.head)  # so that the range may be named: the rule under test is the act's
    name_proxy(city.city, city.head)  # the submitter is the approver's proxy
    with time_machine.travel(DECIDED_AT, tick=False):
        assert not extensions_for(city.head, DECIDE).exists()
        refused(item, NotAllowed, grant_extension, extension=extension, by=city.head)
        page = client_for(city.head).get(item_url(item)).content.decode()
        assert reverse("workflows:extension_grant", args=[extension.pk]) not in page
