"""Every decision path of the sample application flow, through the engine's services."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from notifications.models import Notification
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from core.audit.models import AuditEvent
from tests import sample_files
from tests.sampleapp.services import sample_submit, sample_update
from tests.workflows.engine.conftest import new_item, open_task, reload, submitted_item
from workflows.engine import message_kinds as engine_kinds
from workflows.engine import services, snapshots
from workflows.engine.models import Decision


def item_events(item):
    return AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=str(item.pk))


def events(item):
    return list(item_events(item).order_by("seq").values_list("action", "from_status", "to_status"))


def test_approve_through_both_reviews(city):
    item = submitted_item(city)
    assert item.status == "district_review"
    assert item.ref_no.startswith("SA-")

    services.approve_task(task=open_task(item), by=city.reviewer, comment="材料齐全")
    assert reload(item).status == "city_review"
    city_task = open_task(item)
    assert city_task.flow_task.name == "city_review"
    assert city_task.owner_permission == "city_reviewer"
    assert city_task.owner_permission_obj_pk == str(city.department.pk)

    decision = services.approve_task(task=city_task, by=city.city)
    item = reload(item)
    assert item.status == "approved"
    assert decision.outcome == "approve" and decision.organisation_id == city.department.pk
    process = Process.objects.get(item=item)
    assert process.status == PROCESS.DONE
    assert events(item) == [
        ("create", "", "draft"),
        ("submit", "draft", "district_review"),
        ("approve", "district_review", "city_review"),
        ("approve", "city_review", "approved"),
    ]
    assert Notification.objects.filter(recipient=city.head, kind=engine_kinds.APPROVED).count() == 1
    # Both district reviewers were told of the queued task; the city reviewer of theirs.
    assert Notification.objects.filter(kind=engine_kinds.TASK_ASSIGNED).count() == 3


def test_return_to_applicant_and_resubmit_goes_back_to_district(city):
    item = submitted_item(city, summary="初稿", pupils=100)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充材料")
    item = reload(item)
    assert item.status == "returned"
    revise = open_task(item)
    assert revise.flow_task.name == "revise" and revise.owner_id == city.head.pk
    assert Notification.objects.filter(recipient=city.head, kind=engine_kinds.RETURNED).count() == 1

    sample_update(item=item, by=city.head, summary="补充后", pupils=120)
    services.add_evidence(item=item, by=city.head, slot="report", upload=SimpleUploadedFile("自评报告.pdf", sample_files.PDF))
    services.resubmit_item(task=revise, by=city.head, comment="已补充")
    item = reload(item)
    assert item.status == "district_review"
    again = open_task(item)
    assert again.flow_task.name == "district_review" and again.owner_id is None

    changes = snapshots.changes(item)
    assert {(c.name, c.old, c.new) for c in changes.fields} == {("summary", "初稿", "补充后"), ("pupils", 100, 120)}
    assert [f["name"] for f in changes.files_added] == ["自评报告.pdf"]
    assert item.submissions.count() == 2

    services.approve_task(task=again, by=city.reviewer2)
    services.approve_task(task=open_task(item), by=city.city)
    assert reload(item).status == "approved"


def test_city_returns_to_district_review(city):
    item = submitted_item(city)
    services.approve_task(task=open_task(item), by=city.reviewer)
    services.return_task(task=open_task(item), by=city.city, to="district_review", comment="请区县复核")
    item = reload(item)
    assert item.status == "district_review"
    task = open_task(item)
    assert task.flow_task.name == "district_review" and task.owner_permission_obj_pk == str(city.district_a.pk)
    services.approve_task(task=task, by=city.reviewer)
    assert reload(item).status == "city_review"


def test_city_returns_to_applicant_and_resubmission_skips_the_district(city):
    item = submitted_item(city)
    services.approve_task(task=open_task(item), by=city.reviewer)
    services.return_task(task=open_task(item), by=city.city, to="revise", comment="请修改")
    item = reload(item)
    assert item.status == "returned"
    services.resubmit_item(task=open_task(item), by=city.head)
    item = reload(item)
    assert item.status == "city_review"
    assert open_task(item).flow_task.name == "city_review"


def test_reject_at_district_ends_the_item(city):
    item = submitted_item(city)
    services.reject_task(task=open_task(item), by=city.reviewer, comment="不符合申报条件")
    item = reload(item)
    assert item.status == "rejected"
    assert Process.objects.get(item=item).status == PROCESS.DONE
    assert not Task.objects.filter(process__item=item, status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()
    assert events(item)[-1] == ("reject", "district_review", "rejected")
    assert item_events(item).filter(action="reject").get().comment == "不符合申报条件"
    assert Notification.objects.filter(recipient=city.head, kind=engine_kinds.REJECTED).count() == 1


def test_reject_at_city(city):
    item = submitted_item(city)
    services.approve_task(task=open_task(item), by=city.reviewer)
    services.reject_task(task=open_task(item), by=city.city, comment="名额已满")
    assert reload(item).status == "rejected"


def test_decision_attachments_are_recorded(city):
    item = submitted_item(city)
    upload = sample_files.upload("意见.docx")
    decision = services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="见附件",
                                    attachments=[upload])
    attachment = decision.attachments.get()
    assert attachment.name == "意见.docx" and attachment.item_id == item.pk and len(attachment.sha256) == 64
    event = item_events(item).get(action="return")
    assert event.data["attachments"][0]["name"] == "意见.docx"


def test_withdraw_before_a_decision_even_after_a_claim(city):
    item = submitted_item(city)
    task = open_task(item)
    services.claim_task(task=task, by=city.reviewer)
    services.withdraw_item(item=item, by=city.head, comment="材料有误")
    item = reload(item)
    assert item.status == "withdrawn"
    assert Task.objects.get(pk=task.pk).status == STATUS.CANCELED
    assert Process.objects.get(item=item).status == PROCESS.CANCELED
    assert Notification.objects.filter(recipient=city.reviewer, kind=engine_kinds.WITHDRAWN).count() == 1

    # The item lives on: reopened, edited and submitted again it runs a second process.
    services.reopen_item(item=item, by=city.head)
    sample_update(item=reload(item), by=city.head, summary="更正后")
    sample_submit(item=reload(item), by=city.head)
    item = reload(item)
    assert item.status == "district_review"
    assert Process.objects.filter(item=item).count() == 2
    services.approve_task(task=open_task(item), by=city.reviewer)
    assert reload(item).status == "city_review"


def test_withdraw_is_allowed_again_after_a_resubmission(city):
    item = submitted_item(city)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充")
    services.resubmit_item(task=open_task(reload(item)), by=city.head)
    services.withdraw_item(item=reload(item), by=city.head, comment="材料有误")
    assert reload(item).status == "withdrawn"


def test_submitter_sees_decisions_in_order(city):
    item = submitted_item(city)
    services.approve_task(task=open_task(item), by=city.reviewer, comment="同意")
    services.approve_task(task=open_task(item), by=city.city, comment="同意")
    assert list(Decision.objects.filter(item=item).values_list("step", "outcome", "comment")) == [
        ("district_review", "approve", "同意"),
        ("city_review", "approve", "同意"),
    ]


def test_new_item_is_a_draft_with_its_submitter_participating(city):
    item = new_item(city, by=city.teacher)
    assert item.status == "draft" and item.submitter_id == city.teacher.pk
    from core.orgs.scoping import can_see

    assert can_see(city.teacher, item)  # applicants see only what they take part in
