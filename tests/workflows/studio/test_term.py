"""A certified studio's term: each year's plan, report and activities; the district then the city
rate it; a first 不合格 warns the host and the school, a second revokes with a 文号 and frees the
members; reminders 180 and 60 days before the end (the terms' data); the shorter renewal; the bad
inputs (a report for a revoked studio, a renewal after expiry) refused with nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.calendar import install_test_calendar
from notifications.models import Notification
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.studio.helpers import at, build_studio_town, certified, teacher_studio
from workflows import tasks
from workflows.engine import message_kinds
from workflows.engine import services as engine
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.models import Item
from workflows.engine.tenure.models import AnnualReport, Tenure, TenureState
from workflows.engine.tenure.renewal import renew_tenure
from workflows.studio import assessment
from workflows.studio import message_kinds as studio_kinds
from workflows.studio.flows import StudioFlow
from workflows.studio.models import AnnualExtra, MemberState, Studio, StudioMember

pytestmark = pytest.mark.django_db
S = Studio.Status
ACTIVITIES = [{"kind": "open_lesson", "title": "区级语文公开课", "held_on": "2021-09-15"},
              {"kind": "research", "title": "市级课题《整本书阅读》立项", "held_on": "2021-10-20"}]


@pytest.fixture
def studio(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021, 2022, 2023, 2024])
    st = build_studio_town()
    [item] = certified(st, teacher_studio(st), time_machine=time_machine)
    assert item.status == S.CERTIFIED
    return st, item, Tenure.objects.get(item=item)


def a_failed_year(st, tenure, year):
    report = assessment.file_annual_report(tenure=tenure, by=st.teacher, plan=f"{year}年度计划：开展两次公开课。",
                                           summary=f"{year}年度总结。", activities=ACTIVITIES)
    assessment.district_rate(report=report, by=st.reviewer, rating="fail", note="活动次数不足。")
    return assessment.city_rate(report=report, by=st.city.city, rating="fail", note="未完成年度目标。")


def test_two_failed_years_warn_then_revoke_with_a_number(studio, time_machine):
    st, item, tenure = studio
    time_machine.move_to(at(2021, 11, 10), tick=False)
    report = assessment.file_annual_report(tenure=tenure, by=st.teacher, plan="年度计划。", summary="年度总结。",
                                           activities=ACTIVITIES)
    assert AnnualExtra.objects.get(report=report).activities.count() == 2
    with pytest.raises(InvalidState, match="区县尚未考核，市局不能考核。"):
        assessment.city_rate(report=report, by=st.city.city, rating="pass")
    with pytest.raises(NotFound):
        assessment.district_rate(report=report, by=st.reviewer_b, rating="pass")  # another district: unseen
    with pytest.raises(NotAllowed):
        assessment.district_rate(report=report, by=st.city.city, rating="pass")  # the city is not the district
    assessment.district_rate(report=report, by=st.reviewer, rating="fail", note="活动次数不足。")
    assessment.city_rate(report=report, by=st.city.city, rating="fail", note="未完成年度目标。")
    assert Tenure.objects.get(pk=tenure.pk).state == TenureState.ACTIVE
    warned = set(Notification.objects.filter(kind=studio_kinds.STUDIO_WARNING).values_list("recipient", flat=True))
    assert warned == {st.teacher.pk, st.head.pk}

    time_machine.move_to(at(2022, 11, 10), tick=False)
    a_failed_year(st, tenure, 2022)
    tenure = Tenure.objects.get(pk=tenure.pk)
    assert tenure.state == TenureState.REVOKED and tenure.document is not None
    assert tenure.document.text.startswith("沈教发〔2022〕")
    assert set(StudioMember.objects.filter(studio=item).values_list("state", flat=True)) == {MemberState.LEFT}
    assert Notification.objects.filter(kind=studio_kinds.STUDIO_WARNING).count() == 2  # no warning on revocation

    time_machine.move_to(at(2023, 11, 10), tick=False)
    with pytest.raises(InvalidState, match="该认定当前为“已撤销”"):
        assessment.file_annual_report(tenure=tenure, by=st.teacher, plan="计划", summary="总结")
    assert not AnnualReport.objects.filter(tenure=tenure, year=2023).exists()


def test_a_report_without_its_plan_or_with_a_bad_activity_writes_nothing(studio, time_machine):
    st, _item, tenure = studio
    time_machine.move_to(at(2021, 11, 10), tick=False)
    with pytest.raises(ValidationError, match="请填写年度计划。"):
        assessment.file_annual_report(tenure=tenure, by=st.teacher, plan=" ", summary="总结")
    with pytest.raises(ValidationError, match="每条活动记录须有类别"):
        assessment.file_annual_report(tenure=tenure, by=st.teacher, plan="计划", summary="总结",
                                      activities=[{"kind": "party", "title": "联欢", "held_on": "2021-10-01"}])
    assert not AnnualReport.objects.exists() and not AnnualExtra.objects.exists()


def test_reminders_at_180_and_60_days_and_the_shorter_renewal(studio, time_machine):
    st, item, tenure = studio
    end = tenure.valid_until
    time_machine.move_to(datetime.datetime.combine(end - datetime.timedelta(days=180), datetime.time(0, 30),
                                                   tzinfo=at(2021, 1, 1).tzinfo), tick=False)
    assert tasks.tenure_daily()["reminded"] == 1
    time_machine.move_to(datetime.datetime.combine(end - datetime.timedelta(days=60), datetime.time(0, 30),
                                                   tzinfo=at(2021, 1, 1).tzinfo), tick=False)
    assert tasks.tenure_daily()["reminded"] == 1
    assert list(Notification.objects.filter(kind=message_kinds.TENURE_EXPIRING).values_list("params__days", flat=True)
                .order_by("pk")) == [180, 60]

    time_machine.move_to(datetime.datetime.combine(end - datetime.timedelta(days=59), datetime.time(10),
                                                   tzinfo=at(2021, 1, 1).tzinfo), tick=False)
    renewal = Item.objects.get(pk=renew_tenure(tenure=tenure, by=st.teacher).renewal_item_id).as_kind()
    assert renewal.status == S.SCHOOL_ENDORSE
    assert StudioMember.objects.filter(studio=renewal, state=MemberState.PROPOSED).count() == 5
    engine.approve_task(task=open_task(renewal), by=st.head)
    renewal = reload(renewal)
    # The terms' renewal_skips: the district's list and the department's review are passed over.
    assert renewal.status == S.EXPERT_REVIEW and open_task(renewal).flow_task is StudioFlow.expert_review


def test_a_renewal_after_expiry_is_refused_and_nothing_written(studio, time_machine):
    st, _item, tenure = studio
    items = Item.objects.count()
    time_machine.move_to(datetime.datetime.combine(tenure.valid_until + datetime.timedelta(days=1),
                                                   datetime.time(10), tzinfo=at(2021, 1, 1).tzinfo), tick=False)
    with pytest.raises(InvalidState, match="该认定已于.*到期，不能再申请续期。"):
        renew_tenure(tenure=tenure, by=st.teacher)
    tasks.tenure_daily()  # the beat expires it: still refused, in the state's words
    with pytest.raises(InvalidState, match="该认定当前为“已到期”"):
        renew_tenure(tenure=tenure, by=st.teacher)
    assert Item.objects.count() == items and Tenure.objects.get(pk=tenure.pk).renewal_item_id is None
    assert set(StudioMember.objects.filter(studio=tenure.item).values_list("state", flat=True)) == {MemberState.LEFT}
