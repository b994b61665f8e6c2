"""Password resets by an administrator or a school head, and the forced change that follows."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from core.accounts import services
from core.accounts.middleware import PUBLIC_PREFIX
from core.accounts.services import PASSWORD_CHANGED, PASSWORD_RESET
from core.audit.models import AuditEvent
from tests.core.accounts_helpers import PASSWORD, Role, events, make_user
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
CHANGE = reverse("accounts:password_change")


@pytest.fixture
def city():
    bureau = OrganisationFactory.bureau()
    district = OrganisationFactory.district(name="和平区")
    school = OrganisationFactory.school(parent=district, name="和平区第一小学")
    other_school = OrganisationFactory.school(parent=district, name="和平区第二小学")
    return {
        "bureau": bureau,
        "district": district,
        "school": school,
        "other_school": other_school,
        "admin": make_user("admin", role=Role.ADMIN, at=bureau),
        "root": make_user("root", is_superuser=True, is_staff=True),
        "head": make_user("head", role=Role.SCHOOL_HEAD, at=school, full_name="王校长"),
        "teacher": make_user("teacher", role=Role.APPLICANT, at=school, full_name="李老师"),
        "stranger": make_user("stranger", role=Role.APPLICANT, at=other_school, full_name="张老师"),
    }


def reset_url(person):
    return reverse("accounts:staff_reset_password", args=[person.pk])


# --- The service -----------------------------------------------------------------------------


def test_reset_gives_a_working_temporary_password_and_forces_a_change(city, client):
    teacher = city["teacher"]
    temporary = services.reset_password(user=teacher, by=city["admin"])
    teacher.refresh_from_db()
    assert teacher.must_change_password
    assert teacher.check_password(temporary) and not teacher.check_password(PASSWORD)
    assert len(temporary) == 14 and temporary.count("-") == 2
    event = events(PASSWORD_RESET).get()
    assert (event.target, event.actor, event.organisation) == (teacher, city["admin"], None)
    assert temporary not in str(event.data) and temporary not in event.comment


def test_each_reset_gives_a_different_password(city):
    first = services.reset_password(user=city["teacher"], by=city["admin"])
    second = services.reset_password(user=city["teacher"], by=city["admin"])
    assert first != second


def test_head_reset_is_recorded_for_the_school(city):
    services.reset_password(user=city["teacher"], by=city["head"])
    event = events(PASSWORD_RESET).get()
    assert (event.actor, event.organisation) == (city["head"], city["school"])


def test_reset_lifts_a_lockout_and_ends_open_sessions(city, client):
    teacher = city["teacher"]
    client.force_login(teacher)
    AccessAttempt.objects.create(username="teacher", failures_since_start=5, ip_address="10.0.0.1",
                                 user_agent="x", get_data="", post_data="", http_accept="", path_info="/")
    services.reset_password(user=teacher, by=city["head"])
    assert not AccessAttempt.objects.filter(username="teacher").exists()
    assert client.get(reverse("home")).status_code == 302  # the old session no longer authenticates
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "by, target",
    [
        ("head", "stranger"),  # another school's teacher
        ("head", "admin"),
        ("head", "root"),
        ("head", "head"),  # oneself
        ("teacher", "head"),
        ("teacher", "stranger"),
        ("admin", "root"),  # a reset reveals a password: only a superuser takes over a superuser
        ("admin", "admin"),
        ("stranger", "teacher"),
    ],
)
def test_who_may_not_reset(city, by, target):
    person = city[target]
    password_before, audited_before = person.password, AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.reset_password(user=person, by=city[by])
    person.refresh_from_db()
    assert person.password == password_before and not person.must_change_password
    assert AuditEvent.objects.count() == audited_before


@pytest.mark.parametrize("by, target", [("root", "admin"), ("root", "head"), ("admin", "head"), ("admin", "stranger")])
def test_administrators_may_reset_others(city, by, target):
    services.reset_password(user=city[target], by=city[by])
    assert events(PASSWORD_RESET, actor=city[by]).count() == 1


def test_head_may_not_reset_someone_with_a_role_elsewhere(city):
    teacher = city["teacher"]
    from core.orgs.services import grant_role

    grant_role(user=teacher, role=Role.DISTRICT_REVIEWER, organisation=city["district"])
    with pytest.raises(PermissionDenied):
        services.reset_password(user=teacher, by=city["head"])


def test_head_may_not_reset_staff_accounts_or_a_second_head(city):
    deputy = make_user("deputy", role=Role.SCHOOL_HEAD, at=city["school"])
    clerk = make_user("clerk", role=Role.APPLICANT, at=city["school"], is_staff=True)
    for person in (deputy, clerk):
        with pytest.raises(PermissionDenied):
            services.reset_password(user=person, by=city["head"])


def test_a_former_head_may_no_longer_reset(city):
    from django.utils import timezone

    city["head"].role_grants.update(valid_until=timezone.now())
    with pytest.raises(PermissionDenied):
        services.reset_password(user=city["teacher"], by=city["head"])


# --- The school head's pages -----------------------------------------------------------------


def test_head_sees_the_school_staff_with_reset_buttons(city, client):
    client.force_login(city["head"])
    page = client.get(reverse("accounts:staff")).content.decode()
    assert "本校人员" in page and "李老师" in page and "王校长" in page
    assert "张老师" not in page  # another school
    assert reset_url(city["teacher"]) in page
    assert reset_url(city["head"]) not in page
    assert "由系统管理员重置" in page  # beside the head's own row


def test_navigation_shows_the_staff_page_to_heads_only(city, client):
    client.force_login(city["head"])
    assert reverse("accounts:staff") in client.get(reverse("home")).content.decode()
    client.force_login(city["teacher"])
    assert reverse("accounts:staff") not in client.get(reverse("home")).content.decode()


def test_staff_pages_are_404_for_non_heads(city, client):
    client.force_login(city["teacher"])
    assert client.get(reverse("accounts:staff")).status_code == 404
    assert client.post(reset_url(city["head"])).status_code == 404
    client.logout()
    assert client.get(reverse("accounts:staff")).status_code == 302  # to the sign-in page


def test_head_confirms_then_sees_the_temporary_password_once(city, client):
    client.force_login(city["head"])
    confirm = client.get(reset_url(city["teacher"]))
    assert "确定要重置 李老师（teacher）的密码吗" in confirm.content.decode()
    assert not events(PASSWORD_RESET).exists()  # asking is not doing

    done = client.post(reset_url(city["teacher"]))
    page = done.content.decode()
    assert "临时密码只显示这一次" in page
    assert "no-store" in done["Cache-Control"]
    teacher = city["teacher"]
    teacher.refresh_from_db()
    temporary = page.split('<code class="password">')[1].split("</code>")[0]
    assert teacher.check_password(temporary) and teacher.must_change_password


@pytest.mark.parametrize("target", ["stranger", "admin", "root", "head"])
def test_head_gets_404_for_anyone_not_theirs_to_reset(city, client, target):
    client.force_login(city["head"])
    assert client.get(reset_url(city[target])).status_code == 404
    assert client.post(reset_url(city[target])).status_code == 404
    assert not events(PASSWORD_RESET).exists()


def test_head_gets_404_for_an_unknown_person(city, client):
    client.force_login(city["head"])
    assert client.post(reverse("accounts:staff_reset_password", args=[999999])).status_code == 404


# --- The forced change at the next sign-in ---------------------------------------------------


def _concrete_urls(resolver=None, prefix=""):
    """Every URL of the project that takes no arguments, plus those that take one integer id."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _concrete_urls(entry, route)
        elif isinstance(entry, URLPattern):
            if "<" not in route and "(?P" not in route and "^" not in route:
                yield "/" + route
            elif route.count("<") == 1 and ("<int:" in route or "<path:object_id>" in route):
                yield "/" + route.split("<")[0] + "1" + route.split(">", 1)[1]


def test_every_page_redirects_to_the_change_form_until_changed(city, client):
    temporary = services.reset_password(user=city["teacher"], by=city["head"])
    response = client.post(reverse("accounts:login"), {"username": "teacher", "password": temporary})
    assert response.status_code == 302
    urls = set(_concrete_urls()) | {"/", "/admin/", reverse("accounts:staff")}
    exempt = {CHANGE, reverse("accounts:logout"), reverse("accounts:login"), reverse("set_language")}
    public = {url for url in urls if url.startswith(PUBLIC_PREFIX)}
    checked = 0
    for url in sorted(urls - exempt - public):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == CHANGE, url
        checked += 1
    assert checked >= 5
    assert "请先设置新密码" in client.get(CHANGE).content.decode()
    # The public 公示 pages ask for no account, so a pending change does not hold them back.
    assert client.get(reverse("public:notices")).status_code == 200


@pytest.mark.parametrize(
    "new, message",
    [
        ("Ab3-x", "密码太短，至少需要 8 个字符。"),
        ("password123", "这个密码太常见了。"),
        ("20210930184512", "密码只包含数字。"),
        ("teacher1", "密码跟 用户名 太相似了。"),
    ],
)
def test_password_validators_apply_with_chinese_errors(city, client, new, message):
    teacher = city["teacher"]
    temporary = services.reset_password(user=teacher, by=city["head"])
    client.force_login(teacher)
    page = client.post(CHANGE, {"old_password": temporary, "new_password1": new, "new_password2": new})
    assert page.status_code == 200
    assert message in page.content.decode()
    teacher.refresh_from_db()
    assert teacher.must_change_password and teacher.check_password(temporary)
    assert not events(PASSWORD_CHANGED).exists()


def test_wrong_old_password_is_refused_in_chinese(city, client):
    teacher = city["teacher"]
    services.reset_password(user=teacher, by=city["head"])
    client.force_login(teacher)
    page = client.post(CHANGE, {"old_password": "nope", "new_password1": "Hunnan-River-88", "new_password2": "Hunnan-River-88"})
    assert "你的旧密码不正确" in page.content.decode()


def test_changing_the_password_lifts_the_redirect_and_is_audited(city, client):
    teacher = city["teacher"]
    temporary = services.reset_password(user=teacher, by=city["head"])
    client.force_login(teacher)
    response = client.post(CHANGE, {"old_password": temporary, "new_password1": "Hunnan-River-88", "new_password2": "Hunnan-River-88"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    teacher.refresh_from_db()
    assert not teacher.must_change_password and teacher.check_password("Hunnan-River-88")
    home = client.get(reverse("home"))
    assert home.status_code == 200  # still signed in, and free to go anywhere
    assert "密码已修改。" in home.content.decode()
    event = events(PASSWORD_CHANGED).get()
    assert event.actor == teacher and event.target == teacher
