"""The administrators' page and API for entering a year from the State Council's notice: preview,
confirm, refusals (unreadable text, not an administrator) writing nothing."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from core.audit.models import AuditEvent
from core.calendar.models import CalendarDay, CalendarYear
from core.orgs.roles import Role
from tests.core.test_calendar_notice import notice_text
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin():
    return person("sysadmin", role=Role.ADMIN, at=OrganisationFactory.bureau())


def _snapshot():
    return list(CalendarDay.objects.order_by("date").values_list("date", "is_working", "note"))


def test_preview_shows_the_year_and_saves_only_on_confirm(client, sysadmin):
    CalendarYear.objects.filter(year=2025).delete()
    client.force_login(sysadmin)
    page = client.post("/calendar/notice/", {"text": notice_text(2025)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "请核对 2025 年日历" in html and "该年度尚未录入" in html
    assert 'class="day holiday" data-date="2025-01-28"' in html
    assert 'class="day makeup" data-date="2025-01-26"' in html
    assert not CalendarYear.objects.filter(year=2025).exists()  # a preview writes nothing

    saved = client.post("/calendar/notice/", {"text": notice_text(2025), "confirm": "1"}, follow=True)
    assert saved.redirect_chain == [("/calendar/2025/", 302)]
    assert "已按通知保存 2025 年工作日历，365 天有变动" in saved.content.decode()
    assert CalendarDay.objects.get(date=date(2025, 2, 8)).is_working is True


def test_unreadable_text_names_the_line_and_writes_nothing(client, sysadmin):
    client.force_login(sysadmin)
    before = _snapshot()
    text = notice_text(2026).replace("5月9日（周六）上班", "5月9日（周日）上班")
    page = client.post("/calendar/notice/", {"text": text, "confirm": "1"})
    assert page.status_code == 400
    assert "第 9 行“四、劳动节：" in page.content.decode() and "不是周日" in page.content.decode()
    assert _snapshot() == before and not AuditEvent.objects.filter(action="calendar.notice_applied").exists()


@pytest.mark.parametrize("who", ["school_head", "city_head", "anonymous"])
def test_only_a_system_administrator_may_enter(client, who):
    before = _snapshot()
    user = None
    if who == "school_head":
        user = person("head", role=Role.SCHOOL_HEAD, at=OrganisationFactory.school())
    elif who == "city_head":
        user = person("chief", role=Role.CITY_HEAD, at=OrganisationFactory.department())
    if user:
        client.force_login(user)
    page = client.post("/calendar/notice/", {"text": notice_text(2026), "confirm": "1"})
    assert page.status_code == (302 if who == "anonymous" else 403)
    api = APIClient()
    if user:
        api.force_authenticate(user)
    answer = api.post("/api/v1/calendar/notice/", {"text": notice_text(2026)}, format="json")
    assert answer.status_code == (401 if who == "anonymous" else 403)
    assert _snapshot() == before


def test_api_preview_then_save(sysadmin):
    api = APIClient()
    api.force_authenticate(sysadmin)
    text = notice_text(2026).replace("9月25日（周五）至27日（周日）", "9月26日（周六）至28日（周一）")
    preview = api.post("/api/v1/calendar/notice/preview/", {"text": text}, format="json")
    assert preview.status_code == 200
    assert preview.json()["year"] == 2026 and {"date": "2026-02-14", "name": "春节"} in preview.json()["workdays"]
    assert CalendarDay.objects.get(date=date(2026, 9, 28)).is_working is True  # not yet
    saved = api.post("/api/v1/calendar/notice/", {"text": text}, format="json")
    assert saved.status_code == 200 and saved.json()["changed"] == ["2026-09-25", "2026-09-28"]
    again = api.post("/api/v1/calendar/notice/", {"text": text}, format="json")
    assert again.json()["changed"] == []
    bad = api.post("/api/v1/calendar/notice/", {"text": "国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：放假。"},
                   format="json")
    assert bad.status_code == 400 and "第 2 行" in bad.json()["fields"]["text"][0]
