"""公示: a notice of many items for N working days; at its end the items without an open objection
go on; an upheld objection sends its item back to the decision and frees its 名额; a dismissed one
lets it go on (at the close, or when it is dismissed after the close)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.audit.models import AuditEvent
from tests.sampleapp.notice_models import SampleHonour
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.notice_helpers import (
    AFTER_END,
    ENDS,
    STEP,
    city,  # noqa: F401  built on the day of publication
    decided,
    honour_campaign,
    objection_to,
    on_publication_day,  # noqa: F401
    published,
)
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.lists.campaigns import seats_taken
from workflows.engine.notices.closing import close_due_notices
from workflows.engine.notices.handling import dismiss_objection, investigate_objection, uphold_objection
from workflows.engine.notices.models import EntryOutcome, NoticeEntry, ObjectionState
from workflows.tasks import fire_timers

pytestmark = pytest.mark.django_db
S = SampleHonour.Status



def test_a_notice_lists_the_waiting_items_for_five_working_days(city, on_publication_day):
    campaign = honour_campaign(city)
    items = decided(city, campaign, 2, schools=[city.school_a, city.school_b])
    notice = published(city, items)
    assert (notice.ends_at, notice.working_days, notice.owner_department) == (ENDS, 5, city.department)
    entries = list(notice.entries.order_by("rank"))
    assert [(e.name, e.programme, e.result, e.item_id) for e in entries] == [
        ("和平一校", "新优质均衡(示范)学校", "拟认定", items[0].pk),
        ("沈河一校", "新优质均衡(示范)学校", "拟认定", items[1].pk),
    ]
    assert all(reload(item).status == S.NOTICE for item in items)  # they wait while it runs
    event = AuditEvent.objects.get(action="notice_published")
    assert event.actor == city.city_head and [m["item"] for m in event.data["entries"]] == [i.pk for i in items]


def test_the_programme_sets_the_length_as_data(city, on_publication_day):
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.fields import get_task_ref

    from workflows.engine.deadlines.models import StepDeadlineRule

    campaign = honour_campaign(city)
    StepDeadlineRule.objects.create(owner_type=ContentType.objects.get_for_model(Campaign), owner_id=campaign.pk,
                                    step=get_task_ref(STEP), working_days=7)
    notice = published(city, decided(city, campaign, 1))
    assert notice.working_days == 7
    assert timezone.localtime(notice.ends_at).date().isoformat() == "2021-06-10"


def test_at_its_end_the_timer_moves_on_the_items_without_an_open_objection(city, on_publication_day):
    campaign = honour_campaign(city)
    quiet, objected = decided(city, campaign, 2, schools=[city.school_a, city.school_b])
    notice = published(city, [quiet, objected])
    objection = objection_to(notice.entries.get(item=objected))
    on_publication_day.move_to(ENDS - timedelta(minutes=1))
    assert close_due_notices() == 0  # not yet: it runs until 17:30
    on_publication_day.move_to(AFTER_END)
    fire_timers()  # the beat's every-minute task
    notice.refresh_from_db()
    assert notice.closed_at == AFTER_END
    assert reload(quiet).status == S.APPROVED
    assert reload(objected).status == S.NOTICE  # waits for its objection
    assert NoticeEntry.objects.get(item=objected).outcome == EntryOutcome.WAITING
    assert fire_timers() == 0 and close_due_notices() == 0  # closing twice does nothing
    closed = AuditEvent.objects.get(action="notice_closed")
    assert closed.actor is None and closed.data["waiting_for_objections"] == [notice.entries.get(item=objected).pk]

    dismiss_objection(objection=objection, by=city.city, reason="经核实，获奖证书真实有效。")
    assert reload(objected).status == S.APPROVED  # dismissed after the close: it goes on now
    assert NoticeEntry.objects.get(item=objected).outcome == EntryOutcome.PASSED


def test_an_upheld_objection_sends_the_item_back_to_the_decision_and_frees_its_seat(city, on_publication_day,
                                                                                    django_capture_on_commit_callbacks):
    campaign = honour_campaign(city, total=2)
    kept, upheld = decided(city, campaign, 2)
    assert seats_taken(campaign=campaign) == 2
    notice = published(city, [kept, upheld])
    objection = objection_to(notice.entries.get(item=upheld), email="zhangsan@example.com")
    investigate_objection(objection=objection, by=city.city, note="已调取原始证书。")
    with django_capture_on_commit_callbacks(execute=True):
        uphold_objection(objection=objection, by=city.city_head, reason="获奖证书系伪造，异议成立。")
    item = reload(upheld)
    assert item.status == S.CITY_DECISION
    assert open_task(item).flow_task.name == "city_decision"
    assert seats_taken(campaign=campaign) == 1 and Campaign.objects.get(pk=campaign.pk).total_reserved == 1
    assert AuditEvent.objects.filter(action="seats_released", object_id=str(item.pk)).exists()
    assert NoticeEntry.objects.get(item=upheld).outcome == EntryOutcome.SENT_BACK
    assert [m.to for m in mail.outbox] == [["zhangsan@example.com"]]
    assert "异议成立" in mail.outbox[0].body and "获奖证书系伪造" in mail.outbox[0].body
    assert sorted(AuditEvent.objects.filter(action__startswith="notice_").values_list("action", flat=True)) == [
        "notice_investigate", "notice_objection", "notice_published", "notice_sent_back", "notice_uphold"]


def test_a_dismissed_objection_lets_the_item_go_on_at_the_close(city, on_publication_day,
                                                               django_capture_on_commit_callbacks):
    campaign = honour_campaign(city)
    (item,) = decided(city, campaign, 1)
    notice = published(city, [item])
    objection = objection_to(notice.entries.get(), email="li@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        dismissed = dismiss_objection(objection=objection, by=city.city, reason="反映情况与事实不符。")
    assert dismissed.state == ObjectionState.DISMISSED and reload(item).status == S.NOTICE  # still running
    assert "异议不成立" in mail.outbox[0].body
    on_publication_day.move_to(AFTER_END)
    assert close_due_notices() == 1
    assert reload(item).status == S.APPROVED
    assert seats_taken(campaign=campaign) == 1  # an approved item keeps its seat


def test_no_email_when_the_objector_gave_none(city, on_publication_day, django_capture_on_commit_callbacks):
    (item,) = decided(city, honour_campaign(city), 1)
    objection = objection_to(published(city, [item]).entries.get())
    with django_capture_on_commit_callbacks(execute=True):
        dismiss_objection(objection=objection, by=city.city, reason="不属实。")
    assert mail.outbox == []


def test_an_objection_upheld_after_the_close_sends_the_item_back_then(city, on_publication_day):  # noqa: F811
    campaign = honour_campaign(city)
    (item,) = decided(city, campaign, 1)
    notice = published(city, [item])
    objection = objection_to(notice.entries.get())
    on_publication_day.move_to(AFTER_END)
    close_due_notices()
    assert reload(item).status == S.NOTICE
    uphold_objection(objection=objection, by=city.city_head, reason="经核实，异议成立。")
    assert reload(item).status == S.CITY_DECISION and seats_taken(campaign=campaign) == 0
    # Decided again, it may go on a new notice: the old line no longer holds it.
    from tests.sampleapp.honours import honour_decide

    honour_decide(items=[item], by=city.city_head)
    assert published(city, [reload(item)], title="补充公示").entries.get().item_id == item.pk


def test_the_school_cannot_withdraw_an_item_on_notice(city, on_publication_day):  # noqa: F811
    from workflows.engine import services
    from workflows.engine.exceptions import InvalidState

    (item,) = decided(city, honour_campaign(city), 1)
    notice = published(city, [item])
    with pytest.raises(InvalidState):  # decided on the list: past withdrawing
        services.withdraw_item(item=item, by=city.head, comment="材料有误")
    assert reload(item).status == S.NOTICE
    assert NoticeEntry.objects.get(notice=notice).outcome == EntryOutcome.WAITING
