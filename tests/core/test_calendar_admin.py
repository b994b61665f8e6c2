"""The calendar's admin pages (in Chinese), entering a year and correcting days there, and the
admin home's warning about next year."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from core.calendar import is_working_day
from core.calendar.models import CalendarDay, CalendarSource, CalendarYear
from core.calendar.services import enter_year
from tests.core.calendar_helpers import admin_user, announced  # noqa: F401

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
WARNING = "2027 年的工作日历尚未录入"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _admin_home_at(client, user, moment):
    with time_machine.travel(moment, tick=False):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_home_warns_from_1_december_in_shanghai(client, admin_user):
    # 16:01 UTC on Nov 30 is already 1 December in Shanghai; 15:59 UTC is not.
    assert WARNING not in _admin_home_at(client, admin_user, datetime(2026, 11, 30, 23, 59, tzinfo=SHANGHAI))
    page = _admin_home_at(client, admin_user, datetime(2026, 12, 1, 0, 1, tzinfo=SHANGHAI))
    assert WARNING in page
    assert reverse("admin:workcalendar_calendaryear_add") in page
    assert WARNING in _admin_home_at(client, admin_user, datetime(2026, 12, 31, 12, 0, tzinfo=SHANGHAI))


def test_the_warning_goes_once_the_year_is_entered(client, admin_user):
    enter_year(year=2027)
    assert WARNING not in _admin_home_at(client, admin_user, datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))


def test_the_warning_stays_into_the_missing_year(client, admin_user):
    assert WARNING in _admin_home_at(client, admin_user, datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI))


def test_admin_pages_render_in_chinese(admin_client):
    pages = {
        reverse("admin:index"): ["工作日历", "日历年度", "日历日期"],
        reverse("admin:workcalendar_calendaryear_changelist"): ["工作日数", "休息日数", "查看与更正", "2021"],
        reverse("admin:workcalendar_calendaryear_change", args=[2021]): ["来源", "chinesecalendar 软件包"],
        reverse("admin:workcalendar_calendaryear_add"): ["录入新年度", "生成方式", "调休上班"],
        reverse("admin:workcalendar_calendarday_changelist") + "?year__year__exact=2021&date__month=10": [
            "星期六",
            "国庆节",
            "调休上班（国庆节）",
            "设为休息日（节假日）",
        ],
        reverse("admin:workcalendar_calendarday_change", args=[CalendarDay.objects.get(date=date(2021, 10, 9)).pk]): [
            "工作日",
            "说明",
            "星期六",
        ],
    }
    for url, texts in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'lang="zh-hans"' in page, url
        for text in texts:
            assert text in page, (url, text)


def test_entering_a_year_in_the_admin(admin_client, admin_user, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:workcalendar_calendaryear_add"), {"year": "2027", "source": CalendarSource.ADMIN}
        )
    assert response.status_code == 302
    assert response.url.endswith("?year__year__exact=2027")
    calendar_year = CalendarYear.objects.get(year=2027)
    assert calendar_year.entered_by == admin_user and calendar_year.source == CalendarSource.ADMIN
    assert CalendarDay.objects.filter(year=2027).count() == 365
    assert announced == [[2027]]
    assert "已录入 2027 年的工作日历" in admin_client.get(response.url).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"year": "2021", "source": CalendarSource.ADMIN}, "2021 年的工作日历已录入"),
        ({"year": "2027", "source": CalendarSource.CHINESECALENDAR}, "chinesecalendar 软件包没有 2027 年的数据"),
        ({"year": "1999", "source": CalendarSource.ADMIN}, "2000"),
        ({"year": "", "source": CalendarSource.ADMIN}, "这个字段是必填项"),
    ],
)
def test_entering_a_bad_year_in_the_admin_shows_why_and_writes_nothing(
    admin_client, announced, django_capture_on_commit_callbacks, data, message
):
    before = CalendarYear.objects.count(), CalendarDay.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:workcalendar_calendaryear_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (CalendarYear.objects.count(), CalendarDay.objects.count()) == before
    assert announced == []


def test_correcting_a_day_in_the_admin(admin_client, admin_user, announced, django_capture_on_commit_callbacks):
    enter_year(year=2027)
    saturday = CalendarDay.objects.get(date=date(2027, 2, 20))
    url = reverse("admin:workcalendar_calendarday_change", args=[saturday.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"is_working": "on", "note": "调休上班（春节）"})
    assert response.status_code == 302
    saturday.refresh_from_db()
    assert saturday.is_working and saturday.note == "调休上班（春节）" and saturday.updated_by == admin_user
    assert announced == [[2027]]


def test_marking_holidays_with_the_list_action(admin_client, announced, django_capture_on_commit_callbacks):
    enter_year(year=2027)
    days = CalendarDay.objects.filter(date__range=(date(2027, 10, 1), date(2027, 10, 7)))
    data = {"action": "mark_rest_days", "_selected_action": [day.pk for day in days], "note": "国庆节"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:workcalendar_calendarday_changelist"), data, follow=True)
    assert "已更正 7 天" in response.content.decode()
    assert not any(is_working_day(day.date) for day in days)
    assert set(days.values_list("note", flat=True)) == {"国庆节"}
    assert announced == [[2027]]  # one announcement for the whole action


def test_staff_without_permission_cannot_enter_a_year(client, django_user_model):
    # A system administrator (only they and superusers enter the admin) without the calendar's
    # permission; plain staff no longer reach the admin home at all.
    from core.orgs.models import Organisation
    from core.orgs.roles import OrgKind, Role
    from core.orgs.services import grant_role

    clerk = django_user_model.objects.create_user("clerk", password="x-Secret-123", is_staff=True)
    grant_role(user=clerk, role=Role.ADMIN, organisation=Organisation.objects.create(name="沈阳市教育局", kind=OrgKind.BUREAU))
    client.force_login(clerk)
    assert client.get(reverse("admin:workcalendar_calendaryear_add")).status_code == 403
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        client.force_login(clerk)
        page = client.get(reverse("admin:index")).content.decode()
    assert WARNING in page and reverse("admin:workcalendar_calendaryear_add") not in page
