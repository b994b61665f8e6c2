"""Document numbers: format, gap-free issuing under concurrency, the 办公室's register, the page."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from core.audit.models import AuditEvent
from core.docnumbers.models import DocNumber, DocumentType, NumberCounter, Origin, format_doc_number
from core.docnumbers.services import issue, issue_for_type, register_external, set_next_number, void
from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role

pytestmark = pytest.mark.django_db

P = "沈教发"


@pytest.fixture
def office(db):
    bureau, _ = Organisation.objects.get_or_create(kind=OrgKind.BUREAU, parent=None, defaults={"name": "沈阳市教育局"})
    office, _ = Organisation.objects.get_or_create(
        kind=OrgKind.DEPARTMENT, code="office", defaults={"name": "办公室", "parent": bureau}
    )
    return office


@pytest.fixture
def clerk(django_user_model, office):
    user = django_user_model.objects.create_user(username="clerk", password="x-Secret-123", full_name="王文书")
    RoleGrant.objects.create(user=user, role=Role.OFFICE_CLERK, organisation=office)
    return user


@pytest.fixture
def teacher(django_user_model):
    return django_user_model.objects.create_user(username="teacher", password="x-Secret-123", full_name="李老师")


def _numbers(prefix=P, year=2021):
    return list(DocNumber.objects.filter(prefix=prefix, year=year).order_by("number").values_list("number", flat=True))


def _next(prefix=P, year=2021):
    return NumberCounter.objects.get(prefix=prefix, year=year).next_number


def _nothing_written():
    return not DocNumber.objects.exists() and not AuditEvent.objects.filter(action__startswith="docnumber.").exists()


# --- format and issuing --------------------------------------------------------------------------


def test_format():
    assert format_doc_number("沈教发", 2021, 1) == "沈教发〔2021〕1号"
    assert format_doc_number("沈教督", 2026, 120) == "沈教督〔2026〕120号"


def test_issue_runs_per_prefix_and_year_without_gaps():
    assert issue(P, 2021, title="2021年工作要点").text == "沈教发〔2021〕1号"
    assert issue(P, 2021).text == "沈教发〔2021〕2号"
    assert issue(P, 2022).text == "沈教发〔2022〕1号"
    assert issue("沈教督", 2021).text == "沈教督〔2021〕1号"
    assert issue(P, 2021).number == 3
    assert _numbers() == [1, 2, 3] and _next() == 4


def test_issue_records_who_and_an_audit_event(clerk):
    doc = issue(P, 2021, title="关于开展认定工作的通知", by=clerk)
    assert (doc.origin, doc.created_by, doc.title) == (Origin.ISSUED, clerk, "关于开展认定工作的通知")
    event = AuditEvent.objects.get(action="docnumber.issued", object_id=str(doc.pk))
    assert event.actor == clerk and event.data["text"] == "沈教发〔2021〕1号"


def _issue_concurrently(workers):
    """Start `workers` threads, each with its own connection, issuing at the same moment."""
    barrier = threading.Barrier(workers)
    got, errors = [], []

    def work(i):
        try:
            barrier.wait()
            got.append(issue(P, 2021, title=f"文件{i}").number)
        except Exception as exc:  # noqa: BLE001  reported by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(got) == list(range(1, workers + 1))
    assert _numbers() == list(range(1, workers + 1))
    assert _next() == workers + 1
    assert AuditEvent.objects.filter(action="docnumber.issued").count() == workers


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_issuers_get_one_to_twenty(on_postgres):
    _issue_concurrently(20)


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_on_sqlite(on_sqlite):
    _issue_concurrently(8)


def test_issue_for_type_uses_the_prefix_in_the_data():
    doc_type = DocumentType.objects.create(code="decision", name="局发文", prefix=P)
    assert issue_for_type("decision", 2021).text == "沈教发〔2021〕1号"
    doc_type.prefix = "沈教办发"
    doc_type.save()
    assert issue_for_type("decision", 2021).text == "沈教办发〔2021〕1号"


def test_issue_for_an_unknown_or_inactive_type_is_refused():
    DocumentType.objects.create(code="old", name="旧类型", prefix="沈教旧", is_active=False)
    for code in ("nope", "old"):
        with pytest.raises(ValidationError, match="未知或已停用的公文类型"):
            issue_for_type(code, 2021)
    assert _nothing_written()


@pytest.mark.parametrize(
    "prefix, year, message",
    [
        ("", 2021, "文号前缀不能为空"),
        ("   ", 2021, "文号前缀不能为空"),
        ("沈 教发", 2021, "不含空格和括号"),
        ("沈教发〔", 2021, "不含空格和括号"),
        ("沈" * 21, 2021, "不超过20个字"),
        (P, 1800, "年份应在1980至2100之间"),
        (P, 2101, "年份应在1980至2100之间"),
        (P, "2021", "年份应在"),
        (P, None, "年份应在"),
    ],
)
def test_issue_bad_input_is_refused_and_writes_nothing(prefix, year, message):
    with pytest.raises(ValidationError, match=message):
        issue(prefix, year)
    assert _nothing_written() and not NumberCounter.objects.exists()


def test_issue_title_too_long_is_refused():
    with pytest.raises(ValidationError, match="文件标题不能超过300个字"):
        issue(P, 2021, title="长" * 301)
    assert _nothing_written()


# --- the register: external numbers, next number, void -------------------------------------------


def test_register_external_then_issue_skips_it(clerk):
    issue(P, 2021)
    doc = register_external(prefix=P, year=2021, number=2, title="2021年工作要点", by=clerk)
    assert (doc.origin, doc.text, doc.created_by) == (Origin.EXTERNAL, "沈教发〔2021〕2号", clerk)
    assert issue(P, 2021).number == 3
    register_external(prefix=P, year=2021, number=5, title="外部文件", by=clerk)
    assert [issue(P, 2021).number for _ in range(3)] == [4, 6, 7]
    assert AuditEvent.objects.filter(action="docnumber.registered").count() == 2


def test_register_external_in_a_new_series_starts_the_counter_after_it(clerk):
    register_external(prefix=P, year=2021, number=1, title="2021年工作要点", by=clerk)
    assert issue(P, 2021).number == 2


def test_register_external_refuses_a_number_in_the_register(clerk):
    issue(P, 2021)
    register_external(prefix=P, year=2021, number=2, title="外部文件", by=clerk)
    void(prefix=P, year=2021, number=3, reason="跳号作废", by=clerk)
    for number, message in ((1, "已在登记簿中（系统发号）"), (2, "已在登记簿中（外部登记）"), (3, "已作废，不能再使用")):
        with pytest.raises(ValidationError, match=message):
            register_external(prefix=P, year=2021, number=number, title="重复", by=clerk)
    assert DocNumber.objects.count() == 3
    assert AuditEvent.objects.filter(action="docnumber.registered").count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"prefix": ""}, "文号前缀不能为空"),
        ({"year": 3000}, "年份应在"),
        ({"number": 0}, "序号应为1至99999之间的整数"),
        ({"number": "3"}, "序号应为"),
        ({"title": " "}, "请填写文件标题"),
    ],
)
def test_register_external_bad_input(clerk, fields, message):
    args = {"prefix": P, "year": 2021, "number": 3, "title": "外部文件", "by": clerk, **fields}
    with pytest.raises(ValidationError, match=message):
        register_external(**args)
    assert _nothing_written()


def test_set_next_number_forward_then_issue(clerk):
    issue(P, 2021)
    counter = set_next_number(prefix=P, year=2021, next_number=10, by=clerk)
    assert counter.next_number == 10
    assert issue(P, 2021).number == 10
    event = AuditEvent.objects.get(action="docnumber.next_set")
    assert (event.actor, event.data["from"], event.data["to"]) == (clerk, 2, 10)


def test_set_next_number_back_over_unused_numbers_is_allowed(clerk):
    issue(P, 2021)
    set_next_number(prefix=P, year=2021, next_number=10, by=clerk)
    set_next_number(prefix=P, year=2021, next_number=2, by=clerk)  # 2..9 were never used
    assert issue(P, 2021).number == 2


def test_set_next_number_refuses_going_back_onto_existing_numbers(clerk):
    for _ in range(3):
        issue(P, 2021)
    with pytest.raises(ValidationError, match="沈教发〔2021〕2号 已在登记簿中"):
        set_next_number(prefix=P, year=2021, next_number=2, by=clerk)
    assert _next() == 4
    assert not AuditEvent.objects.filter(action="docnumber.next_set").exists()


def test_set_next_number_refuses_a_number_registered_ahead(clerk):
    register_external(prefix=P, year=2021, number=12, title="外部文件", by=clerk)
    with pytest.raises(ValidationError, match="12号 已在登记簿中"):
        set_next_number(prefix=P, year=2021, next_number=12, by=clerk)
    set_next_number(prefix=P, year=2021, next_number=11, by=clerk)
    assert [issue(P, 2021).number for _ in range(2)] == [11, 13]


@pytest.mark.parametrize("next_number", [0, -1, 100000, "5", None])
def test_set_next_number_bad_input(clerk, next_number):
    issue(P, 2021)
    with pytest.raises(ValidationError, match="序号应为"):
        set_next_number(prefix=P, year=2021, next_number=next_number, by=clerk)
    assert _next() == 2


def test_void_with_a_reason(clerk):
    doc = issue(P, 2021, title="撤回的通知")
    voided = void(prefix=P, year=2021, number=1, reason="文件撤回", by=clerk)
    assert voided.pk == doc.pk and voided.is_voided
    assert (voided.void_reason, voided.voided_by, voided.origin) == ("文件撤回", clerk, Origin.ISSUED)
    assert issue(P, 2021).number == 2  # never reused
    event = AuditEvent.objects.get(action="docnumber.voided")
    assert (event.actor, event.comment) == (clerk, "文件撤回")


def test_void_an_unused_number_keeps_it_from_being_issued(clerk):
    issue(P, 2021)
    void(prefix=P, year=2021, number=2, reason="印制错误，跳过", by=clerk)
    void(prefix=P, year=2021, number=4, reason="预留后作废", by=clerk)
    assert [issue(P, 2021).number for _ in range(2)] == [3, 5]
    assert DocNumber.objects.get(number=4).origin == Origin.UNUSED


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_void_without_a_reason_is_refused(clerk, reason):
    issue(P, 2021)
    with pytest.raises(ValidationError, match="作废文号必须填写原因"):
        void(prefix=P, year=2021, number=1, reason=reason, by=clerk)
    assert not DocNumber.objects.get().is_voided
    assert not AuditEvent.objects.filter(action="docnumber.voided").exists()


def test_void_twice_is_refused(clerk):
    issue(P, 2021)
    void(prefix=P, year=2021, number=1, reason="撤回", by=clerk)
    with pytest.raises(ValidationError, match="已作废，不能再使用"):
        void(prefix=P, year=2021, number=1, reason="再次", by=clerk)
    assert DocNumber.objects.get().void_reason == "撤回"


def test_register_manage_needs_the_office_clerk(teacher, django_user_model):
    calls = [
        lambda by: register_external(prefix=P, year=2021, number=1, title="外部文件", by=by),
        lambda by: set_next_number(prefix=P, year=2021, next_number=5, by=by),
        lambda by: void(prefix=P, year=2021, number=1, reason="撤回", by=by),
    ]
    for call in calls:
        for by in (teacher, None):
            with pytest.raises(PermissionDenied, match="只有办公室文书"):
                call(by)
    assert _nothing_written() and not NumberCounter.objects.exists()

    root = django_user_model.objects.create_superuser(username="root", password="x-Secret-123")
    for call in calls:
        call(root)
    assert DocNumber.objects.get().is_voided


def test_an_expired_clerk_grant_no_longer_counts(clerk):
    from django.utils import timezone

    RoleGrant.objects.filter(user=clerk).update(valid_until=timezone.now())
    with pytest.raises(PermissionDenied):
        void(prefix=P, year=2021, number=1, reason="撤回", by=clerk)


# --- the office page -----------------------------------------------------------------------------


def _login(client, user):
    client.force_login(user, backend="core.accounts.backends.AccountBackend")
    return client


def test_page_needs_login(client):
    response = client.get(reverse("docnumbers:register"))
    assert response.status_code == 302 and "login" in response.url


def test_page_refuses_others_with_a_clear_message(client, teacher):
    _login(client, teacher)
    response = client.get(reverse("docnumbers:register"))
    assert response.status_code == 403
    assert "文号登记簿只有办公室文书可以使用" in response.content.decode()
    response = client.post(reverse("docnumbers:void"), {"void-prefix": P, "void-year": 2021, "void-number": 1})
    assert response.status_code == 403
    assert not DocNumber.objects.exists()


def test_page_lists_the_register_by_series(client, clerk):
    issue(P, 2021, title="2021年工作要点")
    issue("沈教督", 2021, title="督导意见书")
    _login(client, clerk)
    page = client.get(reverse("docnumbers:register")).content.decode()
    assert "文号登记簿" in page and "沈教发〔2021〕1号" in page and "沈教督〔2021〕1号" in page
    assert "沈教发〔2021〕2号" in page  # the next number of the series
    filtered = client.get(reverse("docnumbers:register"), {"prefix": "沈教督", "year": 2021}).content.decode()
    assert "督导意见书" in filtered and "2021年工作要点" not in filtered


def test_page_forms_register_set_next_and_void(client, clerk):
    _login(client, clerk)
    response = client.post(
        reverse("docnumbers:register_external"),
        {"register_external-prefix": P, "register_external-year": 2021, "register_external-number": 1,
         "register_external-title": "2021年工作要点"},
        follow=True,
    )
    assert response.status_code == 200
    assert "已登记 沈教发〔2021〕1号" in response.content.decode()
    assert DocNumber.objects.get().origin == Origin.EXTERNAL

    response = client.post(
        reverse("docnumbers:set_next"),
        {"set_next-prefix": P, "set_next-year": 2021, "set_next-next_number": 5},
        follow=True,
    )
    assert "下一个号为 5" in response.content.decode()
    assert _next() == 5

    response = client.post(
        reverse("docnumbers:void"),
        {"void-prefix": P, "void-year": 2021, "void-number": 1, "void-reason": "原件作废"},
        follow=True,
    )
    assert "已作废 沈教发〔2021〕1号" in response.content.decode()
    assert DocNumber.objects.get(number=1).void_reason == "原件作废"
    assert issue(P, 2021).number == 5


def test_page_forms_show_errors_and_write_nothing(client, clerk):
    issue(P, 2021)
    _login(client, clerk)
    response = client.post(
        reverse("docnumbers:void"), {"void-prefix": P, "void-year": 2021, "void-number": 1, "void-reason": " "}
    )
    assert response.status_code == 400
    assert "作废原因" in response.content.decode() and "这个字段是必填项" in response.content.decode()

    response = client.post(
        reverse("docnumbers:register_external"),
        {"register_external-prefix": P, "register_external-year": 2021, "register_external-number": 1,
         "register_external-title": "重复"},
    )
    assert response.status_code == 400
    assert "沈教发〔2021〕1号 已在登记簿中" in response.content.decode()

    response = client.post(
        reverse("docnumbers:set_next"),
        {"set_next-prefix": P, "set_next-year": 2021, "set_next-next_number": 1},
    )
    assert response.status_code == 400
    assert "下一个号不能设为已存在的文号" in response.content.decode()

    assert DocNumber.objects.get().void_reason == "" and _next() == 2
    assert AuditEvent.objects.filter(action__startswith="docnumber.").count() == 1  # the issue only


def test_admin_register_is_in_chinese_and_read_only(client, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password="x-Secret-123")
    issue(P, 2021, title="2021年工作要点")
    _login(client, root)
    page = client.get(reverse("admin:docnumbers_docnumber_changelist")).content.decode()
    assert "文号登记簿" in page and "沈教发〔2021〕1号" in page
    assert client.get(reverse("admin:docnumbers_docnumber_add")).status_code == 403
    assert client.get(reverse("admin:docnumbers_documenttype_add")).status_code == 200


def test_nav_links_the_register_for_clerks_only(client, clerk, teacher):
    link = reverse("docnumbers:register")
    assert f'href="{link}"' in _login(client, clerk).get(reverse("home")).content.decode()
    assert f'href="{link}"' not in _login(client, teacher).get(reverse("home")).content.decode()


# --- waiting for the counter lock ----------------------------------------------------------------


def _lock_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        return cursor.fetchone()[0]


def test_issue_leaves_the_callers_lock_timeout_alone(on_postgres):
    from django.db import transaction

    with transaction.atomic():
        before = _lock_timeout()
        issue(P, 2021)
        assert _lock_timeout() == before


@pytest.mark.django_db(transaction=True)
def test_a_counter_held_too_long_gives_a_clear_message(on_postgres, monkeypatch):
    from django.db import connections, transaction

    from core.docnumbers import services

    issue(P, 2021)
    monkeypatch.setattr(services, "LOCK_TIMEOUT", "200ms")
    holder_ready, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                NumberCounter.objects.select_for_update().get(prefix=P, year=2021)
                holder_ready.set()
                release.wait(10)
        finally:
            connections["default"].close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holder_ready.wait(10)
        with pytest.raises(ValidationError, match="文号正被他人占用"):
            issue(P, 2021)
    finally:
        release.set()
        holder.join()
    assert _numbers() == [1]
    assert issue(P, 2021).number == 2


def test_a_fresh_install_gets_the_document_types_the_workflows_issue_once_and_edits_none(db):
    from django.core.management import call_command

    from core.docnumbers.defaults import DEFAULT_TYPES

    call_command("seed_document_types", stdout=open("/dev/null", "w"))
    assert sorted(DocumentType.objects.values_list("code", "prefix")) == sorted((c, p) for c, _n, p in DEFAULT_TYPES)
    DocumentType.objects.filter(code="approval").update(prefix="沈教函")  # the 办公室's own choice
    call_command("seed_document_types", stdout=open("/dev/null", "w"))
    assert DocumentType.objects.count() == len(DEFAULT_TYPES)
    assert DocumentType.objects.get(code="approval").prefix == "沈教函"
