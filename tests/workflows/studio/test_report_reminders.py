"""A certified studio's annual report (issue 16, item 4) under time-machine: the daily beat
reminds the host 30 and 7 days before the window closes (12-31, the studio terms' data), tells
the school's head 3 days before, sends each stage once (and after downtime only the latest), and
says nothing once the report is filed, for a revoked studio, or in the studio's first part-year."""

import datetime

import pytest

from core.calendar import install_test_calendar
from notifications.models import Notification
from tests.workflows.studio.helpers import at, build_studio_town, certified, teacher_studio
from tests.workflows.studio.test_term import ACTIVITIES
from workflows import tasks
from workflows.engine import message_kinds as kinds
from workflows.engine.tenure.models import Tenure, TermsPolicy
from workflows.engine.tenure.revoking import revoke_tenure
from workflows.studio import assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021, 2022, 2023, 2024])
    st = build_studio_town()
    [item] = certified(st, teacher_studio(st), time_machine=time_machine)
    return st, item, Tenure.objects.get(item=item)


def daily(on: datetime.date) -> int:
    return tasks.tenure_daily(on=on.isoformat())["report_reminders"]


def sent(kind, user=None) -> list:
    rows = Notification.objects.filter(kind=kind).order_by("pk")
    return list((rows.filter(recipient=user) if user is not None else rows).values_list("params__days", flat=True))


def test_the_terms_of_a_studio_say_when_to_remind(studio):
    terms = TermsPolicy.objects.get(kind="studio", programme_code="")
    assert (terms.report_reminder_days, terms.report_escalate_days) == ([30, 7], 3)  # the data migration's


def test_the_host_is_reminded_then_the_school_head_told_each_once(studio):
    st, item, tenure = studio
    # Certified in June 2021: its first window (11-01 to 12-31) opened after it began, so it owes 2021's.
    assert daily(datetime.date(2021, 11, 15)) == 0  # 46 days left: no stage yet
    assert daily(datetime.date(2021, 12, 1)) == 1  # 30 days left
    assert daily(datetime.date(2021, 12, 1)) == 0  # the beat twice the same day: nothing new
    assert sent(kinds.TENURE_REPORT_DUE, st.teacher) == [30]
    assert daily(datetime.date(2021, 12, 24)) == 1  # 7 days left
    assert daily(datetime.date(2021, 12, 28)) == 1  # 3 days left: the head hears, the host's stage is sent
    assert sent(kinds.TENURE_REPORT_DUE, st.teacher) == [30, 7]
    escalation = Notification.objects.get(kind=kinds.TENURE_REPORT_ESCALATED)
    assert escalation.recipient == st.head  # school_a's head, above the host
    assert escalation.params["year"] == 2021 and escalation.params["deadline"].startswith("2021-12-31T17:30")
    assert daily(datetime.date(2021, 12, 30)) == 0
    assert daily(datetime.date(2022, 1, 2)) == 0  # the window has closed: nothing more to send


def test_after_downtime_only_the_latest_stage_goes_and_a_filed_report_silences_it(studio, time_machine):
    st, item, tenure = studio
    assert daily(datetime.date(2021, 12, 26)) == 1  # the beat was down since November: the 7-day stage only
    assert sent(kinds.TENURE_REPORT_DUE) == [7]
    time_machine.move_to(at(2021, 12, 27), tick=False)
    assessment.file_annual_report(tenure=tenure, by=st.teacher, plan="2021年度计划。", summary="2021年度总结。",
                                  activities=ACTIVITIES)
    assert daily(datetime.date(2021, 12, 29)) == 0  # filed: no escalation to the head
    assert not Notification.objects.filter(kind=kinds.TENURE_REPORT_ESCALATED).exists()


def test_a_revoked_studio_owes_nothing(studio, time_machine):
    st, item, tenure = studio
    time_machine.move_to(at(2021, 11, 20), tick=False)
    revoke_tenure(tenure=tenure, by=st.city_head, reason="主持人调离，工作室停止活动。")
    assert daily(datetime.date(2021, 12, 1)) == 0 and daily(datetime.date(2021, 12, 28)) == 0


def test_a_studio_certified_inside_the_window_owes_its_first_report_next_year(time_machine):
    time_machine.move_to(at(2021, 11, 2), tick=False)
    install_test_calendar([2021, 2022, 2023, 2024])
    st = build_studio_town()
    [item] = certified(st, teacher_studio(st), time_machine=time_machine)
    assert Tenure.objects.get(item=item).starts_on > datetime.date(2021, 11, 1)
    assert daily(datetime.date(2021, 12, 1)) == 0
    assert daily(datetime.date(2022, 12, 1)) == 1
