"""Bad acts get a clear error, the right HTTP status, and write nothing."""

import pytest
from django.core.exceptions import ValidationError
from viewflow.workflow.models import Task

from core.audit.models import AuditEvent
from core.orgs.models import Participation
from notifications.models import Notification, ScheduledReminder
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from workflows.engine import services
from workflows.engine.carbon_copy.models import CarbonCopy
from workflows.engine.exceptions import (
    Conflict,
    InvalidState,
    NotAllowed,
    NotFound,
    TaskClosed,
    http_status,
)
from workflows.engine.models import Attachment, Decision, Submission


def footprint(item):
    """Everything an act could write, to compare before and after a refused one."""
    item = reload(item)
    return (
        item.status,
        item.version,
        Decision.objects.count(),
        Submission.objects.count(),
        Attachment.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        Participation.objects.count(),
        CarbonCopy.objects.count(),
        sorted(ScheduledReminder.objects.values_list("pk", "recipient_id", "role", "state")),
        sorted(Task.objects.values_list("pk", "status", "owner_id", "data")),
    )


def refused(subject, error, act, **kwargs):
    """Run `act`, expect `error`; check that nothing was written. Returns the exception."""
    before = footprint(subject)
    with pytest.raises(error) as caught:
        act(**kwargs)
    assert footprint(subject) == before
    return caught.value


def test_acting_on_a_finished_task(city):
    item = submitted_item(city)
    task = open_task(item)
    services.approve_task(task=task, by=city.reviewer)
    exc = refused(item, TaskClosed, services.approve_task, task=task, by=city.reviewer2)
    assert http_status(exc) == 409
    assert "已办理" in str(exc)
    refused(item, TaskClosed, services.reject_task, task=task, by=city.reviewer, comment="晚了")


def test_acting_twice(city):
    item = submitted_item(city)
    task = open_task(item)
    services.approve_task(task=task, by=city.reviewer)
    refused(item, TaskClosed, services.approve_task, task=task, by=city.reviewer)


def test_acting_without_the_role(city):
    item = submitted_item(city)
    task = open_task(item)
    # The submitter's own school head can see the item, but not decide on it: 403.
    exc = refused(item, NotAllowed, services.approve_task, task=task, by=city.head)
    assert http_status(exc) == 403
    # The city reviewer sees the department's item, but the district step is not theirs.
    refused(item, NotAllowed, services.approve_task, task=task, by=city.city)
    # The district head holds another role at the district.
    refused(item, NotAllowed, services.claim_task, task=task, by=city.district_head)


def test_a_user_of_another_district_gets_not_found(city):
    item = submitted_item(city)
    task = open_task(item)
    for act, kwargs in [
        (services.approve_task, {}),
        (services.claim_task, {}),
        (services.reject_task, {"comment": "x"}),
        (services.return_task, {"to": "revise", "comment": "x"}),
    ]:
        exc = refused(item, NotFound, act, task=task, by=city.reviewer_b, **kwargs)
        assert http_status(exc) == 404
    refused(item, NotFound, services.approve_task, task=999999, by=city.reviewer)
    refused(item, NotFound, services.withdraw_item, item=item, by=city.head_b)


def test_a_claimed_task_is_not_anyone_elses(city):
    item = submitted_item(city)
    task = open_task(item)
    services.claim_task(task=task, by=city.reviewer)
    exc = refused(item, NotAllowed, services.approve_task, task=task, by=city.reviewer2)
    assert "reviewer" in str(exc)
    refused(item, NotAllowed, services.claim_task, task=task, by=city.reviewer2)
    refused(item, NotAllowed, services.unclaim_task, task=task, by=city.reviewer2)


def test_returning_to_an_undeclared_step(city):
    item = submitted_item(city)
    task = open_task(item)
    for to in ("district_review", "city_review", "approved", "no_such_step", ""):
        exc = refused(item, ValidationError, services.return_task, task=task, by=city.reviewer, to=to, comment="改")
        assert exc.message_dict["to"][0].startswith("“区县审核”不能退回到")
        assert http_status(exc) == 400


def test_rejecting_or_returning_without_a_comment(city):
    item = submitted_item(city)
    task = open_task(item)
    for comment in ("", "   "):
        exc = refused(item, ValidationError, services.reject_task, task=task, by=city.reviewer, comment=comment)
        assert exc.message_dict["comment"] == ["退回和驳回必须填写审批意见。"]
        refused(item, ValidationError, services.return_task, task=task, by=city.reviewer, to="revise", comment=comment)


def test_withdrawing_after_a_decision(city):
    item = submitted_item(city)
    services.approve_task(task=open_task(item), by=city.reviewer)
    exc = refused(item, InvalidState, services.withdraw_item, item=item, by=city.head)
    assert str(exc) == "审批人已作出决定，不能撤回。"
    assert http_status(exc) == 409


def test_withdrawing_while_returned_or_finished(city):
    item = submitted_item(city)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请修改")
    refused(item, InvalidState, services.withdraw_item, item=item, by=city.head)
    services.resubmit_item(task=open_task(reload(item)), by=city.head)
    services.reject_task(task=open_task(reload(item)), by=city.reviewer, comment="不予受理")
    exc = refused(item, InvalidState, services.withdraw_item, item=item, by=city.head)
    assert str(exc) == "事项不在审批中，不能撤回。"


def test_only_the_submitter_withdraws(city):
    item = submitted_item(city)
    refused(item, NotAllowed, services.withdraw_item, item=item, by=city.reviewer)


def test_wrong_decision_for_the_step(city):
    item = submitted_item(city)
    refused(item, ValidationError, services.resubmit_item, task=open_task(item), by=city.reviewer)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请修改")
    revise = open_task(reload(item))
    refused(item, ValidationError, services.approve_task, task=revise, by=city.head)
    refused(item, NotAllowed, services.resubmit_item, task=revise, by=city.reviewer)


def test_claim_twice_and_unclaim_unclaimed(city):
    item = submitted_item(city)
    task = open_task(item)
    services.claim_task(task=task, by=city.reviewer)
    refused(item, Conflict, services.claim_task, task=task,
            by=city.reviewer)
    services.unclaim_task(task=task, by=city.reviewer)
    refused(item, Conflict, services.unclaim_task, task=task,
            by=city.reviewer)


def test_an_oversized_or_empty_attachment_refuses_the_whole_decision(city, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.sample_files import PDF

    # The good file is a real PDF (uploads check its structure) exactly at the limit.
    settings.UPLOAD_MAX_BYTES = len(PDF)
    item = submitted_item(city)
    task = open_task(item)
    good = SimpleUploadedFile("a.pdf", PDF)
    for bad in (SimpleUploadedFile("b.pdf", PDF + b"x"), SimpleUploadedFile("c.pdf", b"")):
        refused(item, ValidationError, services.reject_task, task=task, by=city.reviewer, comment="见附件",
                attachments=[good, bad])


def test_submitting_twice_or_by_someone_else(city):
    from tests.sampleapp.services import sample_submit

    item = submitted_item(city)
    refused(item, InvalidState, sample_submit, item=item, by=city.head)
    refused(item, NotAllowed, sample_submit, item=item, by=city.reviewer)
