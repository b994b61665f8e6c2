"""The certificate pages and their attacks: who may download (the holder's organisation and the
owning department; another school, the district and an anonymous visitor may not), the list
without N+1, and the public verification page — its five facts and the state, noindex, and
"not found" as the same bytes for an unknown and a malformed code, limited per address."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.test import override_settings
from django.urls import reverse

from core.audit.models import AuditEvent
from tests.workflows.engine.certificates.certificate_helpers import certificate_of, code_in, pdf_of, url_in_text
from tests.workflows.engine.tenure.tenure_helpers import approved, granted, sample_terms  # noqa: F401
from workflows.engine.certificates import codes

pytestmark = pytest.mark.django_db


def verify_path(code):
    return reverse("verify", args=[code])


@pytest.fixture
def issued(granted):
    certificate = certificate_of(granted.item)
    return certificate, code_in(url_in_text(pdf_of(certificate)))


def test_the_holder_and_the_department_download_the_pdf(issued, city, client):
    certificate, _code = issued
    for user in (city.head, city.teacher, city.city, city.city_head):
        client.force_login(user)
        response = client.get(reverse("workflows:certificate-download", args=[certificate.pk]))
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="certificate_downloaded", object_id=str(certificate.pk)).count() == 4


def test_another_school_the_district_and_strangers_cannot_download(issued, city, client):
    certificate, _code = issued
    url = reverse("workflows:certificate-download", args=[certificate.pk])
    for user in (city.head_b, city.reviewer, city.reviewer_b):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert certificate.number not in client.get(reverse("workflows:certificates")).content.decode()
        assert client.get(reverse("workflows:item", args=[certificate.item_id])).status_code in (403, 404) \
            or certificate.number not in client.get(reverse("workflows:item", args=[certificate.item_id])) \
            .content.decode()
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not AuditEvent.objects.filter(action="certificate_downloaded").exists()


def test_the_item_page_shows_the_certificate_with_its_download(issued, city, client):
    certificate, _code = issued
    client.force_login(city.head)
    page = client.get(reverse("workflows:item", args=[certificate.item_id])).content.decode()
    assert certificate.number in page and "有效" in page
    assert reverse("workflows:certificate-download", args=[certificate.pk]) in page


def test_the_department_list_has_no_n_plus_one(granted, city, client):
    client.force_login(city.city)

    def queries_of_list():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("workflows:certificates")).content.decode()
        return len(queries), page.count("SAMPLE-2021-")

    one = queries_of_list()
    for index in range(4):
        approved(city, title=f"认定{index}")
    five = queries_of_list()
    assert (one[1], five[1]) == (1, 5)
    # The same statements for five rows as for one; the budget is mostly the navigation's link
    # checks (发起申报, 公示管理, 专家库, 评分指标…), one statement each, 17 since 评分指标.
    assert five[0] == one[0] <= 17
    assert "页码" in client.get(reverse("workflows:certificates") + "?page=x").content.decode()


def test_the_public_page_shows_only_the_five_facts_and_the_state(issued, client):
    certificate, code = issued
    response = client.get(verify_path(code))
    page = response.content.decode()
    assert response.status_code == 200
    for fact in ("有效", "和平一校", "示例认定", certificate.number, "2021-03-01", "2024-02-29"):
        assert fact in page
    assert certificate.title not in page and "申报人" not in page and "csrfmiddlewaretoken" not in page
    assert 'name="robots" content="noindex' in page and response["X-Robots-Tag"].startswith("noindex")
    assert response["Cache-Control"] == "no-store"


def test_unknown_and_malformed_codes_get_byte_identical_not_found(issued, client):
    _certificate, code = issued
    unknown = codes.new_code()
    tries = [unknown, code[:-1], code + "A", code.upper(), "x", "../../admin", "a/b/c", "%00", "证书" * 50,
             "' OR 1=1 --", "A" * 5000]
    responses = [client.get(verify_path(attempt)) for attempt in tries]
    assert {response.status_code for response in responses} == {404}
    assert len({response.content for response in responses}) == 1
    assert len({tuple(sorted((k, v) for k, v in response.items() if k not in ("Content-Length", "X-Request-ID")))
                for response in responses}) == 1
    assert "未找到该证书" in responses[0].content.decode()


@override_settings(CERTIFICATE_VERIFY_PER_MINUTE=3)
def test_verification_is_limited_per_address_whatever_the_code(issued, client):
    _certificate, code = issued
    address = {"REMOTE_ADDR": "203.0.113.77"}
    statuses = [client.get(verify_path(attempt), **address).status_code
                for attempt in (codes.new_code(), code, "bad")]
    assert statuses == [404, 200, 404]
    limited = [client.get(verify_path(attempt), **address) for attempt in (code, "bad")]
    assert [response.status_code for response in limited] == [429, 429]
    assert limited[0].content == limited[1].content and "查验过于频繁" in limited[0].content.decode()
    assert client.get(verify_path(code), REMOTE_ADDR="203.0.113.78").status_code == 200  # another address
