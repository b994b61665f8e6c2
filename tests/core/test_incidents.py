"""Incidents: idempotent raising, retry through a registered handler, and the admin list."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from core.audit.models import AuditEvent
from core.incidents import registry
from core.incidents.models import Incident, IncidentStatus
from core.incidents.registry import register_retry_handler
from core.incidents.services import raise_incident, resolve_incident, retry_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def handlers(monkeypatch):
    """An empty registry for the test, restored afterwards."""
    monkeypatch.setattr(registry, "_handlers", {})
    return registry._handlers


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="x-Secret-123", full_name="管理员")


def _raise(key="2027", **kwargs):
    fields = {"kind": "calendar.year_missing", "key": key, "title": f"{key}年工作日历缺失", **kwargs}
    return raise_incident(**fields)


def _events(incident, action):
    return AuditEvent.objects.filter(object_id=str(incident.pk), action=action)


def test_raise_opens_an_incident():
    incident = _raise(detail="期限无法计算", payload={"year": 2027})
    assert incident.status == IncidentStatus.OPEN
    assert incident.occurrences == 1 and incident.attempts == 0
    assert incident.payload == {"year": 2027}


def test_raising_again_while_open_counts_instead_of_adding_a_row():
    first = _raise(detail="第一次", payload={"n": 1})
    again = _raise(detail="第二次", payload={"n": 2})
    assert again.pk == first.pk
    assert Incident.objects.count() == 1
    again.refresh_from_db()
    assert again.occurrences == 2
    assert again.last_seen_at >= first.last_seen_at
    assert (again.detail, again.payload) == ("第二次", {"n": 2})
    assert again.title == first.title


def test_other_key_or_kind_is_another_incident():
    _raise("2027")
    _raise("2028")
    raise_incident(kind="delivery.failed", key="2027", title="投递失败")
    assert Incident.objects.count() == 3


def test_raising_after_resolution_opens_a_new_incident(admin_user):
    first = _raise()
    resolve_incident(incident=first, by=admin_user)
    second = _raise()
    assert second.pk != first.pk
    assert Incident.objects.filter(status=IncidentStatus.OPEN).count() == 1


def test_database_allows_one_open_incident_per_kind_and_key():
    _raise()
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.create(kind="calendar.year_missing", key="2027", title="重复")
    Incident.objects.create(kind="calendar.year_missing", key="2027", title="旧的", status=IncidentStatus.RESOLVED)


@pytest.mark.parametrize("missing", ["kind", "key", "title"])
def test_raise_without_kind_key_or_title_is_refused(missing):
    fields = {"kind": "calendar.year_missing", "key": "2027", "title": "缺失", missing: ""}
    with pytest.raises(ValidationError, match="类型、标识和标题"):
        raise_incident(**fields)
    assert not Incident.objects.exists()


def test_retry_success_resolves(handlers, admin_user):
    seen = []
    register_retry_handler("calendar.year_missing", seen.append)
    incident = retry_incident(_raise(), by=admin_user)
    assert seen == [incident]
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RESOLVED
    assert incident.resolved_by == admin_user and incident.resolved_at is not None
    assert incident.attempts == 1
    assert _events(incident, "incident.retried").get().actor == admin_user


def test_retry_failure_records_the_error_and_undoes_the_handlers_writes(handlers, admin_user):
    def failing(incident):
        raise_incident(kind="side.effect", key="1", title="处理程序写入的行")
        raise ConnectionError("对方服务器无响应")

    register_retry_handler("calendar.year_missing", failing)
    incident = _raise()
    result = retry_incident(incident, by=admin_user)
    assert result.is_open
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.OPEN
    assert incident.attempts == 1
    assert incident.last_error == "ConnectionError: 对方服务器无响应"
    assert not Incident.objects.filter(kind="side.effect").exists()
    assert _events(incident, "incident.retry_failed").count() == 1

    retry_incident(incident)
    incident.refresh_from_db()
    assert incident.attempts == 2


def test_retry_of_an_unknown_kind_says_so_and_writes_nothing(handlers):
    incident = raise_incident(kind="nobody.handles", key="k", title="无人处理")
    with pytest.raises(ValidationError, match="“nobody.handles”没有登记重试处理程序"):
        retry_incident(incident)
    incident.refresh_from_db()
    assert (incident.status, incident.attempts, incident.last_error) == (IncidentStatus.OPEN, 0, "")


def test_retry_of_a_resolved_incident_is_refused(handlers, admin_user):
    register_retry_handler("calendar.year_missing", lambda incident: None)
    incident = _raise()
    resolve_incident(incident=incident, by=admin_user)
    with pytest.raises(ValidationError, match="已解决"):
        retry_incident(incident)
    incident.refresh_from_db()
    assert incident.attempts == 0


def test_resolving_twice_is_refused(admin_user):
    incident = _raise()
    resolve_incident(incident=incident, by=admin_user, comment="已补录")
    with pytest.raises(ValidationError, match="已解决"):
        resolve_incident(incident=incident, by=admin_user)
    assert _events(incident, "incident.resolved").get().comment == "已补录"


def test_registering_a_second_handler_for_a_kind_is_a_programming_error(handlers):
    def handler(incident):
        pass

    register_retry_handler("x", handler)
    register_retry_handler("x", handler)  # ready() running twice is harmless
    with pytest.raises(ImproperlyConfigured):
        register_retry_handler("x", lambda incident: None)


@pytest.mark.django_db(transaction=True)
def test_concurrent_raises_make_one_incident(on_postgres):
    workers = 8
    barrier = threading.Barrier(workers)
    errors = []

    def work():
        try:
            barrier.wait()
            _raise()
        except Exception as exc:  # noqa: BLE001  reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    incident = Incident.objects.get()
    assert incident.occurrences == workers


# --- admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user, backend="core.accounts.backends.AccountBackend")
    return client


def test_admin_list_is_in_chinese_and_filters(admin_client, admin_user):
    _raise("2027")
    done = raise_incident(kind="delivery.failed", key="d1", title="邮件投递失败")
    resolve_incident(incident=done, by=admin_user)
    url = reverse("admin:incidents_incident_changelist")
    page = admin_client.get(url).content.decode()
    assert "异常事件" in page and "2027年工作日历缺失" in page and "邮件投递失败" in page
    open_only = admin_client.get(url, {"status__exact": "open"}).content.decode()
    assert "2027年工作日历缺失" in open_only and "邮件投递失败" not in open_only
    by_kind = admin_client.get(url, {"kind": "delivery.failed"}).content.decode()
    assert "邮件投递失败" in by_kind and "2027年工作日历缺失" not in by_kind


def _act(client, action, *incidents):
    url = reverse("admin:incidents_incident_changelist")
    data = {"action": action, "_selected_action": [i.pk for i in incidents]}
    response = client.post(url, data)
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_admin_retry_action(admin_client, admin_user, handlers):
    register_retry_handler("calendar.year_missing", lambda incident: None)
    ok = _raise()
    unknown = raise_incident(kind="nobody.handles", key="k", title="无人处理")
    notes = _act(admin_client, "retry_selected", ok, unknown)
    ok.refresh_from_db()
    assert ok.status == IncidentStatus.RESOLVED and ok.resolved_by == admin_user
    assert any("重试成功" in n for n in notes)
    assert any("没有登记重试处理程序" in n for n in notes)


def test_admin_retry_action_reports_failure(admin_client, handlers):
    def failing(incident):
        raise RuntimeError("仍然失败")

    register_retry_handler("calendar.year_missing", failing)
    incident = _raise()
    notes = _act(admin_client, "retry_selected", incident)
    incident.refresh_from_db()
    assert incident.is_open and incident.attempts == 1
    assert any("重试失败" in n and "仍然失败" in n for n in notes)


def test_admin_mark_resolved_action(admin_client, admin_user):
    incident = _raise()
    notes = _act(admin_client, "resolve_selected", incident)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RESOLVED and incident.resolved_by == admin_user
    assert any("已标记为已解决" in n for n in notes)
    notes = _act(admin_client, "resolve_selected", incident)
    assert any("已解决，无需再处理" in n for n in notes)
