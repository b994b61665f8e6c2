"""The public 公示 pages, without sign-in, and the department's pages. The public page reads only
published notices and, of them, only name, programme and result: nothing else leaks. The
objection form refuses what the service refuses, with the right status, and keeps CSRF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.sample_files import pdf
from tests.sampleapp.honours import honour_create
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.notice_helpers import (
    AFTER_END,
    OBJECTOR,
    PUBLISHED,
    city,  # noqa: F401
    decided,
    first_line,
    honour_campaign,
    on_publication_day,  # noqa: F401
    published,
    two_schools_published,
)
from tests.workflows.web.conftest import client_for
from workflows.engine import services
from workflows.engine.notices.closing import close_due_notices
from workflows.engine.notices.models import Objection

pytestmark = pytest.mark.django_db
FORM = {**OBJECTOR, "email": "zhangsan@example.com"}


@pytest.fixture
def notice(city):  # noqa: F811
    return two_schools_published(city, comment="内部：两校均经专家评审通过。")


def public(notice):
    return reverse("public:notice", args=[notice.pk])


def lodge(notice, client=None, **changes):
    data = {"entry": first_line(notice).pk, **FORM, **changes}
    return (client or Client()).post(public(notice), data, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_anyone_reads_the_notice_without_signing_in(notice):
    listing = Client().get(reverse("public:notices")).content.decode()
    assert notice.title in listing and "基础教育处" in listing
    page = Client().get(public(notice)).content.decode()
    assert "和平一校" in page and "沈河一校" in page and "拟认定" in page and "新优质均衡(示范)学校" in page
    assert 'name="csrfmiddlewaretoken"' in page and "提交异议" in page


def test_nothing_else_leaks_on_the_public_page(city, notice):  # noqa: F811
    lodged = lodge(notice)
    assert lodged.status_code == 302
    # Another item (a draft), a notice not yet begun, and the internal parts of this one.
    draft = honour_create(organisation=city.school_b, owner_department=city.department, by=city.head_b,
                          title="草稿中的秘密申报", campaign=notice.campaign)
    later_items = decided(city, honour_campaign(city, name="第二批"), 1, schools=[city.school_b])
    later = published(city, later_items, title="尚未开始的公示", starts_at=PUBLISHED.replace(day=20))
    pages = [Client().get(url).content.decode() for url in (reverse("public:notices"), public(notice))]
    secrets = [draft.title, draft.ref_no, later.title, "内部：两校均经专家评审通过。", "张三", "13800000001",
               "沈阳市某公司", "zhangsan@example.com", "获奖证书与实际不符", city.city_head.get_full_name(),
               *[entry.item.ref_no for entry in notice.entries.all()],
               *[entry.item.title for entry in notice.entries.all()]]
    for page in pages:
        for secret in secrets:
            assert secret not in page, secret
    assert Client().get(public(later)).status_code == 404
    assert Client().get(reverse("public:notice", args=[later.pk + 1000])).status_code == 404


def test_an_objection_is_lodged_and_the_department_is_told(city, notice):  # noqa: F811
    client = Client()
    response = lodge(notice, client=client)
    assert response.status_code == 302 and response.url == public(notice)
    assert "您的异议已提交" in client.get(public(notice)).content.decode()
    objection = Objection.objects.get()
    assert (objection.real_name, objection.ip, objection.entry.rank) == ("张三", "127.0.0.1", 1)
    from notifications.models import Notification

    told = Notification.objects.filter(kind="objection_lodged")
    assert {message.recipient for message in told} == {city.city, city.city_head}
    assert all(message.link == reverse("workflows:objection", args=[objection.pk]) for message in told)


@pytest.mark.parametrize(("changes", "message"), [
    ({"real_name": ""}, "请填写真实姓名：不受理匿名异议。"),
    ({"phone": ""}, "请填写联系电话：不受理匿名异议。"),
    ({"entry": ""}, "请选择异议针对的公示对象。"),
])
def test_a_bad_objection_is_shown_again_with_its_error(notice, changes, message):
    response = lodge(notice, **changes)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Objection.objects.exists()


def test_a_disguised_file_is_refused_on_the_form(notice):
    response = lodge(notice, file=SimpleUploadedFile("证明.pdf", b"MZ" + b"\x00" * 300))
    assert response.status_code == 400 and "内容与扩展名" in response.content.decode()
    assert lodge(notice, file=SimpleUploadedFile("证明.pdf", pdf())).status_code == 302


def test_after_the_close_the_form_is_gone_and_a_post_is_refused(notice, on_publication_day):  # noqa: F811
    on_publication_day.move_to(AFTER_END)
    close_due_notices()
    page = Client().get(public(notice)).content.decode()
    assert "公示期已结束，不再受理异议。" in page and "提交异议" not in page
    response = lodge(notice)
    assert response.status_code == 409 and "公示期已结束" in response.content.decode()


def test_the_rate_limit_answers_429(notice, settings):
    settings.NOTICES_OBJECTIONS_PER_PHONE = 1
    assert lodge(notice).status_code == 302
    response = lodge(notice)
    assert response.status_code == 429 and "同一电话号码" in response.content.decode()


def test_csrf_is_kept(notice):
    response = lodge(notice, client=Client(enforce_csrf_checks=True))
    assert response.status_code == 403 and not Objection.objects.exists()


def test_someone_who_must_change_their_password_still_reads_it(city, notice):  # noqa: F811
    city.head.must_change_password = True
    city.head.save()
    client = client_for(city.head)
    assert client.get(reverse("workflows:todo")).status_code == 302  # everything else sends them to the form
    assert client.get(public(notice)).status_code == 200


def test_the_department_sees_and_handles_the_objection(city, notice):  # noqa: F811
    lodge(notice, file=SimpleUploadedFile("证明.pdf", pdf()))
    objection = Objection.objects.get()
    head = client_for(city.city_head)
    listing = head.get(reverse("workflows:notices")).content.decode()
    assert notice.title in listing
    page = head.get(reverse("workflows:notice", args=[notice.pk])).content.decode()
    assert "张三" in page and "内部：两校均经专家评审通过。" in page
    detail = head.get(reverse("workflows:objection", args=[objection.pk])).content.decode()
    assert "13800000001" in detail and "沈阳市某公司" in detail
    download = head.get(reverse("workflows:objection-file", args=[objection.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    handle = reverse("workflows:objection-handle", args=[objection.pk, "uphold"])
    assert head.post(handle, {"uphold-reason": ""}).status_code == 400
    response = head.post(handle, {"uphold-reason": "经核实异议成立。"})
    assert response.status_code == 302
    assert reload(objection.entry.item).status == "city_decision"
    again = head.post(reverse("workflows:objection-handle", args=[objection.pk, "dismiss"]), {"dismiss-reason": "x"})
    assert again.status_code == 409 and "该异议已处理" in again.content.decode()


def test_the_staff_pages_are_closed_to_everyone_else(city, notice):  # noqa: F811
    lodge(notice, file=SimpleUploadedFile("证明.pdf", pdf()))
    objection = Objection.objects.get()
    urls = [reverse("workflows:notices"), reverse("workflows:notice", args=[notice.pk]),
            reverse("workflows:objection", args=[objection.pk]),
            reverse("workflows:objection-file", args=[objection.pk])]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert Client().post(reverse("workflows:objection-handle", args=[objection.pk, "uphold"]),
                         {"uphold-reason": "成立"}).status_code in (302, 403)
    other = person("other_head", Role.CITY_HEAD, OrganisationFactory.department(name="职成教处", code="voc"))
    assert notice.title not in client_for(other).get(urls[0]).content.decode()  # their own, empty page
    for user in (other, city.district_head, city.head, city.reviewer):
        client = client_for(user)
        for url in urls[1:] if user == other else urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(reverse("workflows:objection-handle", args=[objection.pk, "uphold"]),
                           {"uphold-reason": "成立"}).status_code == 404
    assert Objection.objects.get().state == "lodged"


def test_the_department_publishes_from_its_page(city):  # noqa: F811
    items = decided(city, honour_campaign(city), 2)
    head = client_for(city.city_head)
    page = head.get(reverse("workflows:notices")).content.decode()
    assert all(item.ref_no in page for item in items) and "发布公示" in page
    from workflows.engine.notices.selectors import step_ref
    from tests.workflows.engine.notice_helpers import STEP

    data = {"step": step_ref(STEP), "items": [item.pk for item in items], "title": "拟认定名单公示", "days": ""}
    assert head.post(reverse("workflows:notice-publish"), {**data, "title": ""}).status_code == 400
    response = head.post(reverse("workflows:notice-publish"), data)
    assert response.status_code == 302
    again = head.post(reverse("workflows:notice-publish"), data)
    assert again.status_code == 409 and "已在公示中" in again.content.decode()


def test_the_item_page_offers_no_decision_at_the_notice(city, notice):  # noqa: F811
    lodge(notice)
    item = notice.entries.order_by("rank").first().item
    task = open_task(item)
    services.claim_task(task=task, by=city.city_head)
    response = client_for(city.city_head).post(reverse("workflows:decide", args=[task.pk]), {"outcome": "approve"})
    assert response.status_code == 400 and "此环节当前没有可办理的决定。" in response.content.decode()
    assert reload(item).status == "notice"


def test_the_public_page_costs_the_same_however_many_lines(city):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = published(city, decided(city, honour_campaign(city), 1), title="一所")
    large = published(city, decided(city, honour_campaign(city, total=6, name="第二批"), 5), title="五所")
    counts = []
    for notice in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(public(notice)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 6, counts


def test_the_navigation_offers_notices_to_the_department_only(city):  # noqa: F811
    assert "公示管理" in client_for(city.city_head).get(reverse("workflows:todo")).content.decode()
    assert "公示管理" not in client_for(city.reviewer).get(reverse("workflows:todo")).content.decode()


def test_the_item_page_shows_the_notice_and_to_the_department_its_open_objections(city):  # noqa: F811
    items = decided(city, honour_campaign(city), 1)
    url = reverse("workflows:item", args=[items[0].pk])
    assert "等待主管处室发布公示。" in client_for(city.city_head).get(url).content.decode()
    notice = published(city, items)
    lodge(notice)
    department = client_for(city.city_head).get(url).content.decode()
    assert notice.title in department and "未处理的异议：1 件" in department
    school = client_for(city.head).get(url).content.decode()
    assert notice.title in school and "未处理的异议" not in school
