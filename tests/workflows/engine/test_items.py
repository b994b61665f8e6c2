"""The Item: reference numbers, editing, evidence files, the submission snapshots and their diff."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from core.orgs.models import User
from core.orgs.roles import Role
from core.orgs.services import grant_role
from tests.sample_files import PDF, jpeg, pdf, upload
from tests.sampleapp.models import SampleApplication
from tests.sampleapp.services import sample_update
from tests.workflows.engine.conftest import new_item, reload
from workflows.engine import services, snapshots
from workflows.engine.exceptions import Conflict, InvalidState, NotAllowed, NotFound
from workflows.engine.models import Item, RefCounter, Submission


def fellow_head(city):
    """A second school head at the item's school: sees its drafts, is not their submitter."""
    user = User.objects.create_user(username="head2", password="x-unused-1", full_name="head2")
    grant_role(user=user, role=Role.SCHOOL_HEAD, organisation=city.school_a)
    return user


def test_reference_numbers_per_kind_and_year_without_gaps(city):
    first = new_item(city)
    year = first.created_at.year
    assert first.ref_no == f"SA-{year}-000001"
    with pytest.raises(RuntimeError), transaction.atomic():
        new_item(city)  # takes 000002 ...
        raise RuntimeError("... and rolls back")
    assert new_item(city).ref_no == f"SA-{year}-000002"
    assert RefCounter.objects.get(kind="sample", year=year).last == 2


def test_kind_proxy_and_labels(city):
    item = new_item(city)
    assert isinstance(item, SampleApplication)
    plain = Item.objects.get(pk=item.pk)
    assert type(plain) is Item and plain.status_label == "草稿"
    assert isinstance(plain.as_kind(), SampleApplication)
    assert list(SampleApplication.objects.all()) == [item]


def test_bad_titles_are_refused(city):
    for title in ("", "   ", "长" * 201):
        with pytest.raises(ValidationError) as caught:
            new_item(city, title=title)
        assert "title" in caught.value.message_dict
    assert Item.objects.count() == 0


def test_edit_checks_version_status_and_submitter(city):
    item = new_item(city)
    sample_update(item=item, by=city.head, summary="一", expected_version=1)
    assert reload(item).version == 2
    with pytest.raises(Conflict):
        sample_update(item=item, by=city.head, summary="二", expected_version=1)
    with pytest.raises(NotFound):  # an applicant sees only their own items
        sample_update(item=item, by=city.teacher, summary="三")
    with pytest.raises(NotFound):  # a draft is the school's own: the district does not see it yet
        sample_update(item=item, by=city.reviewer, summary="三")
    with pytest.raises(NotAllowed):  # the school's other head sees it, but only the submitter edits
        sample_update(item=item, by=fellow_head(city), summary="三")
    with pytest.raises(ValidationError):
        sample_update(item=item, by=city.head, pupils=-1)
    assert reload(item).snapshot_fields()["summary"] == "一"

    from tests.sampleapp.services import sample_submit

    sample_submit(item=item, by=city.head)
    with pytest.raises(InvalidState):
        sample_update(item=reload(item), by=city.head, summary="审核中不能改")


def test_evidence_added_replaced_and_removed_shows_in_the_diff(city):
    item = new_item(city, summary="旧", pupils=1)
    kept = services.add_evidence(item=item, by=city.head, slot="photos", upload=SimpleUploadedFile("校园.jpg", jpeg(b"1")))
    gone = services.add_evidence(item=item, by=city.head, slot="photos", upload=SimpleUploadedFile("旧照.jpg", jpeg(b"old")))
    old_report = services.add_evidence(item=item, by=city.head, slot="report", upload=SimpleUploadedFile("报告.pdf", pdf("v1")))
    first = snapshots.take(item=reload(item), by=city.head)

    services.remove_evidence(attachment=gone, by=city.head)
    services.remove_evidence(attachment=old_report, by=city.head)
    services.add_evidence(item=item, by=city.head, slot="report", upload=SimpleUploadedFile("报告.pdf", pdf("v2")))
    services.add_evidence(item=item, by=city.head, slot="plan", upload=upload("规划.docx"))
    sample_update(item=reload(item), by=city.head, title="新标题", summary="新")
    second = snapshots.take(item=reload(item), by=city.head)

    changes = snapshots.diff(first, second, labels=SampleApplication.snapshot_labels())
    assert {(c.label, c.old, c.new) for c in changes.fields} == {("标题", "新优质学校申报", "新标题"), ("申报摘要", "旧", "新")}
    assert [f["name"] for f in changes.files_added] == ["规划.docx"]
    assert [f["name"] for f in changes.files_removed] == ["旧照.jpg"]
    assert [(old["name"], new["name"]) for old, new in changes.files_replaced] == [("报告.pdf", "报告.pdf")]
    assert kept.pk in [f["id"] for f in second.files]
    assert bool(snapshots.diff(second, second)) is False
    assert Submission.objects.filter(item=item).count() == 2


def test_evidence_needs_a_slot_and_an_editable_item(city):
    item = new_item(city)
    with pytest.raises(ValidationError):
        services.add_evidence(item=item, by=city.head, slot="", upload=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(NotFound):  # the district does not see a draft
        services.add_evidence(item=item, by=city.reviewer, slot="x", upload=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(NotAllowed):  # the school's other head sees it, but only the submitter adds
        services.add_evidence(item=item, by=fellow_head(city), slot="x", upload=SimpleUploadedFile("a.pdf", PDF))
    assert item.attachments.count() == 0


def test_first_submission_has_no_changes(city):
    from tests.sampleapp.services import sample_submit

    item = new_item(city)
    sample_submit(item=item, by=city.head)
    assert snapshots.changes(reload(item)) is None
