"""(e) The sweep run at many moments across a weekend, the 2021 National Day holiday and its
make-up working days (time-machine, in-process): nothing early, nothing skipped, nothing doubled.

Deadlines on both sides of the holiday: reminders fall on the make-up Sunday 26 September and
Saturday 9 October and never on the holiday or an ordinary weekend; escalations land after it."""

import collections
import datetime

import pytest
import time_machine
from django.utils import timezone

from core import calendar as workcal
from core.calendar import install_test_calendar
from notifications.models import Notification, ScheduledReminder, ScheduleState
from notifications.planning import schedule_deadline
from notifications.sweep import sweep
from tests.factories import OrganisationFactory, UserFactory
from tests.notifications.helpers import local

pytestmark = pytest.mark.django_db

DEADLINES = [
    local(2021, 9, 27, 17, 30),  # Monday; the make-up Sunday before it is a working day
    local(2021, 9, 30, 17, 30),  # the last working day before the holiday
    local(2021, 10, 8, 17, 30),  # the first working day after it
    local(2021, 10, 11, 17, 30),  # Monday after the make-up Saturday
    local(2021, 10, 18, 17, 30),  # an ordinary Monday: its 1-day reminder on the Friday, over a weekend
]
STEP = datetime.timedelta(minutes=47)  # not a divisor of a day: sweeps fall at ever different times


def test_sweeping_across_a_weekend_and_a_holiday(published_capture, policy):
    install_test_calendar([2021])  # the official 2021, also after a transactional test's flush
    school = OrganisationFactory.school()
    department = OrganisationFactory.department()
    school.head = UserFactory(full_name="校长", email="head@example.cn")
    school.save()
    department.head = UserFactory(full_name="处长", email="chief@example.cn")
    department.save()
    handlers = [UserFactory(email=f"h{i}@example.cn") for i in range(len(DEADLINES))]
    for i, (deadline, handler) in enumerate(zip(DEADLINES, handlers)):
        schedule_deadline(key_prefix=f"task:{i}:", deadline=deadline, policy=policy, target=school, recipient=handler,
                          handler_organisation=school, owner_department=department, now=local(2021, 9, 15, 12))
    planned = {row.key: row for row in ScheduledReminder.objects.all()}
    assert len(planned) == 5 * len(DEADLINES)

    moment, end = local(2021, 9, 22, 0, 0), local(2021, 10, 23, 0, 0)
    while moment < end:
        with time_machine.travel(moment, tick=False):
            sweep(now=timezone.now())
        moment += STEP

    rows = {row.key: row for row in ScheduledReminder.objects.all()}
    assert {row.state for row in rows.values()} == {ScheduleState.SENT}, "nothing skipped, nothing left"
    sent = collections.Counter(n.params["schedule_key"] for n in Notification.objects.all())
    assert sent == {key: 1 for key in planned}, "each reminder and escalation exactly once"
    for n in Notification.objects.all():
        row = rows[n.params["schedule_key"]]
        assert row.due_at <= n.created_at < row.due_at + STEP, f"{row.key} early or late: {n.created_at}"
        local_day = timezone.localtime(row.due_at).date()
        assert workcal.is_working_day(local_day), f"{row.key} on a day off: {local_day}"
        assert timezone.localtime(row.due_at).time() == datetime.time(9, 0)
    # The make-up working days carried reminders or escalations; the holiday carried none.
    days = {timezone.localtime(n.created_at).date() for n in Notification.objects.all()}
    assert datetime.date(2021, 9, 26) in days and datetime.date(2021, 10, 9) in days
    assert not days & {datetime.date(2021, 10, d) for d in range(1, 8)}
