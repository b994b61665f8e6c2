"""Signing in on the Chinese page: errors, the lockout after five wrong passwords, and the audit log."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.accounts.services import SIGN_IN_FAILED, SIGNED_IN, SIGNED_OUT
from core.audit.models import AuditChainHead, AuditEvent
from core.orgs.models import User
from tests.core.accounts_helpers import PASSWORD, events, failures, make_user

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def row_counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def changed_tables(before):
    after = row_counts()
    return {label for label, n in after.items() if n != before[label]}


def test_sign_in_page_is_chinese_and_fits_a_phone(client):
    page = client.get(LOGIN).content.decode()
    for text in ("用户登录", "用户名", "密码", "登录", "忘记密码请联系学校负责人或系统管理员重置"):
        assert text in page
    assert 'lang="zh-hans"' in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page


def test_empty_form_gets_chinese_field_errors(client):
    page = client.post(LOGIN, {"username": "", "password": ""}).content.decode()
    assert "请输入用户名。" in page and "请输入密码。" in page
    assert not AccessAttempt.objects.exists()


def test_right_password_signs_in_and_lands_home(client):
    user = make_user("teacher")
    response = sign_in(client, "teacher")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_says_so_in_chinese_with_tries_left(client):
    make_user("teacher")
    page = sign_in(client, "teacher", "wrong").content.decode()
    assert "用户名或密码不正确。" in page
    assert "再输错 4 次，账号将被暂时锁定。" in page
    page = sign_in(client, "teacher", "wrong").content.decode()
    assert "再输错 3 次" in page


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client):
    make_user("teacher")
    for _ in range(4):
        assert sign_in(client, "teacher", "wrong").status_code == 200
    fifth = sign_in(client, "teacher", "wrong")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "账号已暂时锁定" in page and "之后再试" in page

    right = sign_in(client, "teacher")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "即使输入正确的密码也无法登录" in right.content.decode()


def test_lockout_page_names_the_local_retry_time(client):
    make_user("teacher")
    moment = datetime(2024, 3, 4, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        for _ in range(5):
            response = sign_in(client, "teacher", "wrong")
    page = response.content.decode()
    assert "请于 2024年3月4日 09:30 之后再试（约 30 分钟后）" in page


def test_attempts_while_locked_do_not_move_the_retry_time(client):
    make_user("teacher")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(client, "teacher", "wrong")
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert sign_in(client, "teacher").status_code == 429
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert sign_in(client, "teacher").status_code == 302


def test_lockout_is_per_username_not_per_school_network(client):
    make_user("teacher")
    make_user("colleague")
    for _ in range(5):
        sign_in(client, "teacher", "wrong")
    assert sign_in(client, "colleague").status_code == 302


def test_successful_sign_in_resets_the_failure_count(client):
    make_user("teacher")
    for _ in range(4):
        sign_in(client, "teacher", "wrong")
    assert failures("teacher") == 4
    assert sign_in(client, "teacher").status_code == 302
    assert failures("teacher") == 0
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert sign_in(client, "teacher", "wrong").status_code == 200  # four more, still not locked
    assert sign_in(client, "teacher").status_code == 302


def test_failed_sign_ins_write_only_the_failure_records(client):
    user = make_user("teacher")
    before, password, last_login = row_counts(), user.password, user.last_login
    for _ in range(6):  # five failures and one refused while locked
        sign_in(client, "teacher", "wrong")
    sign_in(client, "teacher")
    assert changed_tables(before) <= {"axes.AccessAttempt", "audit.AuditEvent", "audit.AuditChainHead"}
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {SIGN_IN_FAILED}
    assert AuditChainHead.objects.count() == 1
    user.refresh_from_db()
    assert (user.password, user.last_login, user.must_change_password) == (password, last_login, False)


def test_unknown_username_writes_only_the_axes_record(client):
    before = row_counts()
    sign_in(client, "nobody", "wrong")
    assert changed_tables(before) == {"axes.AccessAttempt"}


def test_sign_in_and_sign_out_are_audited(client):
    user = make_user("teacher")
    sign_in(client, "teacher")
    client.post(reverse("accounts:logout"))
    signed_in, signed_out = events(SIGNED_IN).get(), events(SIGNED_OUT).get()
    for event in (signed_in, signed_out):
        assert event.target == user and event.actor == user and event.organisation is None
        assert event.data["ip_address"] == "127.0.0.1"
    assert signed_out.seq == signed_in.seq + 1


def test_failed_sign_in_is_audited_against_the_account_without_actor(client):
    user = make_user("teacher")
    for _ in range(6):
        sign_in(client, "teacher", "wrong")
    failed = list(events(SIGN_IN_FAILED).order_by("seq"))
    assert len(failed) == 6
    assert all(e.target == user and e.actor is None and e.organisation is None for e in failed)
    assert [e.data["locked_out"] for e in failed] == [False] * 4 + [True] * 2


def test_inactive_account_cannot_sign_in(client):
    make_user("retired", is_active=False)
    page = sign_in(client, "retired").content.decode()
    assert "用户名或密码不正确。" in page
    assert "_auth_user_id" not in client.session


def test_signed_in_user_skips_the_sign_in_page(client):
    client.force_login(make_user("teacher"))
    assert client.get(LOGIN)["Location"] == reverse("home")


def test_session_expires_after_a_working_day_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_SAVE_EVERY_REQUEST


def test_sign_in_with_next_goes_there(client):
    make_user("teacher")
    response = sign_in(client, "teacher", next=reverse("accounts:password_change"))
    assert response["Location"] == reverse("accounts:password_change")


def test_user_model_is_ours():
    assert User._meta.label == settings.AUTH_USER_MODEL == "orgs.User"
