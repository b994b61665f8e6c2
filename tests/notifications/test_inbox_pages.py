"""The bell, the inbox pages and the channel preferences page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import kinds
from notifications.api import notify
from notifications.models import ChannelPreference, EmailMode, Notification
from workflows.engine import message_kinds as engine_kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, person):
    client.force_login(person)
    return client


def _notify(user, n, **kwargs):
    return [notify(key=f"{user.pk}:{i}", recipient=user, kind=engine_kinds.TASK_ASSIGNED,
                   params={"title": f"事项{i}", "ref_no": f"R-{i}"}, **kwargs) for i in range(n)]


def test_anonymous_is_sent_to_sign_in(client):
    for url in ["/notifications/", "/notifications/preferences/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_bell_shows_the_unread_count(browser, person, other_person):
    _notify(person, 3)
    _notify(other_person, 2)
    page = browser.get("/notifications/").content.decode()
    assert '<span class="count">3</span>' in page and "通知：3 条未读" in page


def test_no_bell_for_anonymous(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'class="bell"' not in page


def test_inbox_lists_newest_first_with_unread_highlighted(browser, person, other_person):
    first, second = _notify(person, 2)
    _notify(other_person, 1)
    mark = browser.post(f"/notifications/{first.pk}/open/")
    assert mark.status_code == 302
    page = browser.get("/notifications/").content.decode()
    assert page.index("事项1（R-1）") < page.index("事项0（R-0）")
    assert page.count('class="unread"') == 1 and page.count('class="read"') == 1
    assert str(other_person.pk) + ":0" not in page


def test_opening_marks_read_and_goes_to_the_item(browser, person):
    (notification,) = _notify(person, 1, link="/work/items/7/")
    response = browser.post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/work/items/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("link", ["https://evil.example/x", "//evil.example/x", "javascript:alert(1)", ""])
def test_opening_never_leaves_the_site(browser, person, link):
    (notification,) = _notify(person, 1, link=link)
    response = browser.post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_opening_needs_post(browser, person):
    (notification,) = _notify(person, 1)
    assert browser.get(f"/notifications/{notification.pk}/open/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_someone_elses_notification_is_404(browser, other_person):
    (theirs,) = _notify(other_person, 1)
    assert browser.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(browser, person, other_person):
    _notify(person, 3)
    _notify(other_person, 1)
    response = browser.post("/notifications/read-all/", follow=True)
    assert "已将 3 条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_person, read_at__isnull=True).count() == 1


def test_a_page_past_the_end_is_404(browser, person):
    _notify(person, 1)
    assert browser.get("/notifications/?page=9").status_code == 404
    assert browser.get("/notifications/?page=x").status_code == 404


def _inbox_queries(browser):
    with CaptureQueriesContext(connection) as queries:
        assert browser.get("/notifications/").status_code == 200
    return len(queries)


def test_inbox_query_count_does_not_grow(browser, person):
    _notify(person, 5)
    few = _inbox_queries(browser)
    Notification.objects.filter(recipient=person).delete()
    _notify(person, 30)
    assert _inbox_queries(browser) == few


def _choices(**overrides):
    codes = [kind.code for kind in kinds.registered_kinds()]
    data = {f"{code}-email": EmailMode.INSTANT for code in codes}
    data.update({f"{code}-webhook": "on" for code in codes})
    data.update(overrides)
    return data


def test_preferences_page_shows_the_digest_disabled_for_escalations(browser):
    page = browser.get("/notifications/preferences/").content.decode()
    assert '<option value="digest" disabled>' in page
    assert page.count('<option value="digest"') == len(kinds.registered_kinds())
    assert 'for="escalation-email"' in page


def test_preferences_are_saved(browser, person):
    data = _choices(**{"reminder-email": EmailMode.DIGEST, "cc-email": EmailMode.OFF})
    del data["cc-webhook"]
    response = browser.post("/notifications/preferences/", data, follow=True)
    assert "通知设置已保存" in response.content.decode()
    saved = {p.kind: (p.email, p.webhook) for p in ChannelPreference.objects.filter(user=person)}
    assert saved["reminder"] == (EmailMode.DIGEST, True)
    assert saved["cc"] == (EmailMode.OFF, False)
    assert saved["escalation"] == (EmailMode.INSTANT, True)


@pytest.mark.parametrize("overrides, message", [
    ({"escalation-email": EmailMode.DIGEST}, "必须立即发送，不能放入每日摘要"),
    ({"reminder-email": "weekly"}, "未知的邮件方式"),
    ({"reminder-email": ""}, "未知的邮件方式"),
])
def test_refused_preferences_save_nothing(browser, person, overrides, message):
    data = _choices(**{"cc-email": EmailMode.OFF}, **overrides)
    response = browser.post("/notifications/preferences/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "设置未保存" in page
    assert not ChannelPreference.objects.filter(user=person).exists()


def test_pages_in_english(browser, person):
    _notify(person, 2)
    browser.cookies["django_language"] = "en"
    page = browser.get("/notifications/").content.decode()
    assert "Notifications: 2 unread" in page and "Mark all as read" in page
    assert "<h1>Notifications</h1>" in page
    assert "Notification settings" in browser.get("/notifications/preferences/").content.decode()
