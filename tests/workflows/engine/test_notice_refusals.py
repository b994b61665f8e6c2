"""Every bad input to 公示 is refused with a clear Chinese error and writes nothing: an anonymous
objection, one after the close or before the start, too many from one phone or address, a bad
file, approving an item with an objection open, handling twice, staff of another department, and
publishing what does not wait for a notice."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEvent
from tests.factories import OrganisationFactory, person
from tests.sample_files import pdf
from tests.sampleapp.honours import HonourFlow
from tests.workflows.engine.conftest import open_task
from tests.workflows.engine.notice_helpers import (
    AFTER_END,
    PUBLISHED,
    city,  # noqa: F401
    decided,
    first_line,
    honour_campaign,
    objection_to,
    on_publication_day,  # noqa: F401
    published,
    two_schools_published,
)
from core.orgs.roles import Role
from workflows.engine import services
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound, http_status
from workflows.engine.lists.step import MembersNotWaiting
from workflows.engine.notices.closing import close_due_notices
from workflows.engine.notices.handling import dismiss_objection, investigate_objection, uphold_objection
from workflows.engine.notices.models import Notice, Objection
from workflows.engine.notices.objections import NoticeClosed
from workflows.engine.notices.rules import TooManyObjections
from workflows.engine.notices.step import ObjectionOpen

pytestmark = pytest.mark.django_db

@pytest.fixture
def notice(city):  # noqa: F811
    return two_schools_published(city)


def lodge(notice, **changes):
    return objection_to(first_line(notice), **changes)


def refused(call, field=None):
    with pytest.raises(ValidationError) as caught:
        call()
    assert Objection.objects.count() == 0
    if field:
        assert field in caught.value.message_dict, caught.value
        return caught.value.message_dict[field][0]
    return caught.value.messages[0]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("real_name", "  ", "请填写真实姓名：不受理匿名异议。"),
    ("phone", "", "请填写联系电话：不受理匿名异议。"),
    ("phone", "12345", "请填写正确的手机号或带区号的固定电话。"),
    ("unit", "", "请填写工作单位。"),
    ("facts", "不对", "请写明具体事实，不少于10个字。"),
    ("email", "not-an-address", "请填写正确的电子邮箱，或留空。"),
])
def test_an_anonymous_or_incomplete_objection_is_refused(notice, field, value, message):
    assert refused(lambda: lodge(notice, **{field: value}), field) == message


def test_a_landline_with_its_area_code_is_a_phone(notice):
    assert lodge(notice, phone="024-23456789").phone == "024-23456789"


def test_an_objection_to_a_line_of_another_notice_is_refused(city, notice):  # noqa: F811
    other = published(city, decided(city, honour_campaign(city, name="2021年度第二批"), 1), title="另一公示")
    message = refused(lambda: objection_to(other.entries.get(), notice=notice.pk), "entry")
    assert message == "请选择异议针对的公示对象。"


def test_after_the_close_objections_are_refused(notice, on_publication_day):  # noqa: F811
    on_publication_day.move_to(AFTER_END)
    with pytest.raises(NoticeClosed) as caught:
        lodge(notice)  # its end passed, even before the timer closed it
    assert http_status(caught.value) == 409 and caught.value.message == "公示期已结束，不再受理异议。"
    close_due_notices()
    with pytest.raises(NoticeClosed):
        lodge(notice)
    assert Objection.objects.count() == 0


def test_a_notice_not_yet_begun_is_not_found(city):  # noqa: F811
    later = published(city, decided(city, honour_campaign(city, name="2021年度第二批"), 1),
                      starts_at=PUBLISHED + timedelta(days=1))
    with pytest.raises(NotFound):
        lodge(later)
    assert Objection.objects.count() == 0


def test_one_phone_and_one_address_are_limited(notice, settings):
    settings.NOTICES_OBJECTIONS_PER_PHONE, settings.NOTICES_OBJECTIONS_PER_IP = 2, 3
    lodge(notice), lodge(notice)
    with pytest.raises(TooManyObjections) as caught:
        lodge(notice, ip="10.0.0.9")  # the same phone from another address
    assert http_status(caught.value) == 429 and "同一电话号码" in caught.value.message
    lodge(notice, phone="13900000002")
    with pytest.raises(TooManyObjections) as caught:
        lodge(notice, phone="13900000003")  # the same address, a third phone
    assert "同一网络地址" in caught.value.message
    assert Objection.objects.count() == 3


def test_the_window_passes(notice, settings, on_publication_day):  # noqa: F811
    settings.NOTICES_OBJECTIONS_PER_PHONE, settings.NOTICES_OBJECTION_WINDOW = 1, timedelta(hours=1)
    lodge(notice)
    on_publication_day.shift(timedelta(hours=1, minutes=1))
    assert lodge(notice).pk


def test_an_oversized_or_disguised_file_is_refused(notice, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("证明.pdf", pdf(size=2000), content_type="application/pdf")
    assert "超过了" in refused(lambda: lodge(notice, upload=big), "file")
    settings.UPLOAD_MAX_BYTES = 1_000_000
    disguised = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00" + b"\x00" * 500, content_type="application/pdf")
    assert "内容与扩展名" in refused(lambda: lodge(notice, upload=disguised), "file")
    script = SimpleUploadedFile("证明.exe", b"MZ\x90\x00" * 10)
    assert "不支持" in refused(lambda: lodge(notice, upload=script), "file")


def test_a_real_file_is_kept_under_a_name_of_our_own(notice):
    objection = lodge(notice, upload=SimpleUploadedFile("../../证明.pdf", pdf(), content_type="application/pdf"))
    assert objection.file_name == "证明.pdf"
    assert objection.file.name.startswith("notices/objections/") and "证明" not in objection.file.name


def test_approving_an_item_with_an_open_objection_is_refused(city, notice):  # noqa: F811
    entry = notice.entries.order_by("rank").first()
    lodge(notice)
    task = open_task(entry.item)
    with pytest.raises(ObjectionOpen) as caught:
        services.approve_task(task=task, by=city.city_head)
    assert http_status(caught.value) == 409 and "尚未处理的公示异议" in caught.value.message
    quiet = notice.entries.order_by("rank").last()
    with pytest.raises(InvalidState) as caught:
        services.approve_task(task=open_task(quiet.item), by=city.city_head)
    assert "公示结束时系统自动办理" in caught.value.message
    assert entry.item.as_kind().__class__.objects.get(pk=entry.item_id).status == "notice"


def test_handling_twice_or_without_a_reason_is_refused(city, notice):  # noqa: F811
    objection = lodge(notice)
    with pytest.raises(ValidationError) as caught:
        uphold_objection(objection=objection, by=city.city_head, reason=" ")
    assert caught.value.message_dict == {"reason": ["请填写处理意见。"]}
    with pytest.raises(ValidationError):
        investigate_objection(objection=objection, by=city.city_head, note="")
    dismiss_objection(objection=objection, by=city.city_head, reason="不属实。")
    for act in (lambda: uphold_objection(objection=objection, by=city.city_head, reason="成立"),
                lambda: dismiss_objection(objection=objection, by=city.city_head, reason="再次"),
                lambda: investigate_objection(objection=objection, by=city.city_head, note="再查")):
        with pytest.raises(InvalidState) as caught:
            act()
        assert "该异议已处理（异议不成立）" in caught.value.message
    assert Objection.objects.get().reason == "不属实。"


def test_staff_of_another_department_or_the_district_cannot_handle(city, notice):  # noqa: F811
    objection = lodge(notice)
    other_head = person("other_head", Role.CITY_HEAD, OrganisationFactory.department(name="职成教处", code="voc"))
    for user in (other_head, city.district_head, city.reviewer, city.head):
        with pytest.raises(NotFound):
            uphold_objection(objection=objection, by=user, reason="成立")
    assert Objection.objects.get().state == "lodged"
    assert not AuditEvent.objects.filter(action="notice_uphold").exists()


def test_publishing_what_does_not_wait_at_the_step_is_refused(city):  # noqa: F811
    campaign = honour_campaign(city)
    (waiting,) = decided(city, campaign, 1)
    notice = published(city, [waiting])
    with pytest.raises(InvalidState) as caught:
        published(city, [waiting], title="重复公示")
    assert "已在公示中" in caught.value.message
    with pytest.raises(MembersNotWaiting):
        published(city, [open_task(waiting).process.artifact_object_id, *decided_at_review(city, campaign)])
    with pytest.raises(ValidationError) as caught:
        published(city, [], title="空")
    assert caught.value.message_dict["items"] == ["名单不能为空。"]
    with pytest.raises(ValidationError) as caught:
        published(city, [waiting], title="")
    with pytest.raises(ValidationError) as caught:
        published(city, [waiting], days=0)
    assert Notice.objects.get() == notice


def test_publishing_is_for_whoever_acts_on_the_waiting_tasks(city):  # noqa: F811
    (item,) = decided(city, honour_campaign(city), 1)
    with pytest.raises(NotFound):  # the other district's reviewer does not see it
        published(city, [item], by=city.reviewer_b)
    with pytest.raises(NotAllowed):  # the city reviewer sees it, but the step is the head's
        published(city, [item], by=city.city)
    assert not Notice.objects.exists()


def decided_at_review(city, campaign):  # noqa: F811
    """An application still at the district review: not waiting at the notice."""
    from tests.sampleapp.honours import honour_create, honour_submit

    item = honour_create(organisation=city.school_a, owner_department=city.department, by=city.head, title="未决定",
                         campaign=campaign)
    honour_submit(item=item, by=city.head)
    assert open_task(item).flow_task == HonourFlow.district_review
    return [item]
