"""Time passes (time-machine): reminders before expiry go out at the terms' offsets (90 and 30
days), once each, only the latest stage after downtime; the daily job expires the tenure the day
after its last day, idempotently; the holder applies to renew from 180 days before, a renewal
process that passes over the district's review (the terms' data), and its approval begins the next
term where this one ends. The beat's schedule entry is written by migrate."""

import datetime

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.sampleapp.models import SampleApplication
from tests.workflows.engine.conftest import open_task
from tests.workflows.engine.tenure.tenure_helpers import at, granted, sample_terms  # noqa: F401
from workflows import tasks
from workflows.engine import message_kinds, services
from workflows.engine.exceptions import InvalidState, NotAllowed
from workflows.engine.tenure.expiry import expire_due, remind_due
from workflows.engine.tenure.models import Tenure, TenureState
from workflows.engine.tenure.renewal import renew_tenure

pytestmark = pytest.mark.django_db
S = SampleApplication.Status


def reminders():
    return list(Notification.objects.filter(kind=message_kinds.TENURE_EXPIRING).order_by("pk")
                .values_list("recipient__username", "params__days"))


def test_reminders_go_at_90_and_30_days_before_and_never_twice(granted, city, time_machine):
    # Valid until 29 February 2024: 90 days before is 1 December 2023, 30 days before 30 January 2024.
    time_machine.move_to(at(2023, 11, 30), tick=False)
    assert remind_due() == 0
    time_machine.move_to(at(2023, 12, 1), tick=False)
    assert remind_due() == 1 and reminders() == [("head", 90)]
    assert remind_due() == 0  # the beat running twice sends nothing more
    time_machine.move_to(at(2024, 1, 15), tick=False)
    assert remind_due() == 0
    time_machine.move_to(at(2024, 1, 30), tick=False)
    assert remind_due() == 1 and reminders() == [("head", 90), ("head", 30)]
    message = Notification.objects.filter(kind=message_kinds.TENURE_EXPIRING).last()
    assert message.link == reverse("workflows:item", args=[granted.item_id]) and message.params["valid_until"] == "2024-02-29"


def test_after_downtime_only_the_latest_stage_goes(granted, time_machine):
    time_machine.move_to(at(2024, 2, 10), tick=False)  # the beat was down since November
    assert remind_due() == 1 and reminders() == [("head", 30)]


def test_the_daily_job_expires_the_day_after_the_last_day_once(granted, time_machine):
    time_machine.move_to(at(2024, 2, 29, 23), tick=False)
    assert expire_due() == 0
    time_machine.move_to(at(2024, 3, 1, 0), tick=False)
    assert tasks.tenure_daily() == {"expired": 1, "reminded": 0, "report_reminders": 0}
    assert tasks.tenure_daily() == {"expired": 0, "reminded": 0, "report_reminders": 0}
    tenure = Tenure.objects.get()
    assert tenure.state == TenureState.EXPIRED and tenure.ended_by is None
    assert AuditEvent.objects.filter(action="tenure_expired").count() == 1
    told = Notification.objects.get(kind=message_kinds.TENURE_ENDED)
    assert told.recipient == granted.item.submitter and told.params["state"] == "expired"


def test_an_expired_tenure_cannot_be_renewed_or_reported(granted, city, time_machine):
    time_machine.move_to(at(2024, 3, 1), tick=False)
    expire_due()
    with pytest.raises(InvalidState, match="已到期"):
        renew_tenure(tenure=granted.pk, by=city.head)


def test_the_beat_entry_is_written_by_migrate():
    entry = PeriodicTask.objects.get(task="workflows.tenure_daily")
    assert entry.enabled and entry.crontab.hour == "0" and entry.crontab.minute == "30"


def test_renewal_skips_the_district_and_continues_the_term(granted, city, time_machine):
    time_machine.move_to(at(2023, 9, 1), tick=False)  # 181 days before the end: too early
    with pytest.raises(InvalidState, match="180天"):
        renew_tenure(tenure=granted.pk, by=city.head)
    with pytest.raises(NotAllowed):
        renew_tenure(tenure=granted.pk, by=city.city)
    time_machine.move_to(at(2023, 12, 1), tick=False)
    tenure = renew_tenure(tenure=granted.pk, by=city.head)
    renewal = SampleApplication.objects.get(pk=tenure.renewal_item_id)
    assert renewal.title == "新优质学校认定（续期）" and renewal.status == S.CITY_REVIEW  # no district review
    with pytest.raises(InvalidState, match="重复"):
        renew_tenure(tenure=granted.pk, by=city.head)
    services.approve_task(task=open_task(renewal), by=city.city)
    old, new = Tenure.objects.get(pk=granted.pk), Tenure.objects.get(item=renewal)
    assert old.state == TenureState.RENEWED and new.renews == old
    assert (new.starts_on, new.valid_until) == (datetime.date(2024, 3, 1), datetime.date(2027, 2, 28))
    assert AuditEvent.objects.filter(action="tenure_renewed", object_id=str(old.pk)).exists()
    # The renewed term is reminded afresh: its own end, its own keys.
    time_machine.move_to(at(2026, 12, 1), tick=False)
    assert remind_due() == 1


def test_a_renewal_whose_terms_skip_nothing_goes_through_the_district(granted, city, time_machine):
    sample_terms(renewal_skips=[])
    time_machine.move_to(at(2023, 12, 1), tick=False)
    tenure = renew_tenure(tenure=granted.pk, by=city.head)
    assert SampleApplication.objects.get(pk=tenure.renewal_item_id).status == S.DISTRICT_REVIEW
