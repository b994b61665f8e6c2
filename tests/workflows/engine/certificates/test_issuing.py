"""Certificates, issued by the approval that grants a tenure: gap-free numbers per programme and
year (a rolled-back approval leaves no gap), the PDF's Chinese text read back, its QR decoded to
the verification address under SITE_URL, the code kept only as its hash, the state following
the tenure's (active, expired, revoked, renewed), audited."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from core.audit.models import AuditEvent
from core.pdf import pdf_text
from tests.workflows.engine.certificates.certificate_helpers import (
    certificate_of,
    code_in,
    page_image,
    pdf_of,
    qr_modules,
    url_in_text,
)
from tests.workflows.engine.tenure.tenure_helpers import approved, granted, sample_terms  # noqa: F401
from workflows.engine.certificates import codes, verification
from workflows.engine.certificates.issuing import issue_certificate
from workflows.engine.certificates.models import Certificate, CertificateState
from workflows.engine.certificates.render import qr_matrix
from workflows.engine.tenure.expiry import expire_tenure
from workflows.engine.tenure.models import Tenure
from workflows.engine.tenure.revoking import revoke_tenure

pytestmark = pytest.mark.django_db


def test_the_approval_issues_one_certificate_with_what_the_tenure_says(granted):
    tenure = granted
    certificate = certificate_of(tenure.item)
    assert certificate.tenure == tenure
    assert certificate.number == "SAMPLE-2021-0001"
    assert (certificate.holder, certificate.programme, certificate.title) == ("和平一校", "示例认定", "新优质学校认定")
    assert (certificate.issued_on, certificate.starts_on, certificate.valid_until) == (
        datetime.date(2021, 3, 1), datetime.date(2021, 3, 1), datetime.date(2024, 2, 29))
    assert certificate.state == CertificateState.VALID
    event = AuditEvent.objects.get(action="certificate_issued", object_id=str(certificate.pk))
    assert event.data["number"] == certificate.number and event.data["tenure"] == tenure.pk
    assert issue_certificate(tenure) == certificate  # once per tenure
    assert Certificate.objects.count() == 1


def test_the_pdf_says_holder_programme_number_and_dates_in_chinese(granted):
    text = pdf_text(pdf_of(certificate_of(granted.item)))
    for expected in ("证书", "和平一校", "示例认定", "新优质学校认定", "证书编号：SAMPLE-2021-0001",
                     "有效期：2021年3月1日至2024年2月29日", "沈阳市教育局"):
        assert expected in text


@override_settings(SITE_URL="https://sp.edu.example.cn")
def test_the_qr_code_decodes_to_the_verification_address_under_site_url(city, time_machine):
    sample_terms()
    certificate = certificate_of(approved(city))
    data = pdf_of(certificate)
    url = url_in_text(data)
    assert url.startswith("https://sp.edu.example.cn/verify/")
    assert qr_modules(page_image(data)) == qr_matrix(url)  # the printed symbol is exactly this URL's
    code = code_in(url)
    assert len(code) == 32  # 24 random bytes, URL-safe base64
    # Only the hash is kept: the code is in the PDF and nowhere in the database row.
    assert certificate.code_hash == codes.code_hash(code)
    assert code not in str(Certificate.objects.filter(pk=certificate.pk).values().get())
    assert verification.lookup(code) == certificate


def test_numbers_run_per_series_and_year_without_gaps_even_after_a_rolled_back_approval(granted, city):
    first = certificate_of(granted.item)
    with pytest.raises(RuntimeError), transaction.atomic():
        approved(city, title="回滚的认定")
        raise RuntimeError("the approving act fails after issuing")
    second = certificate_of(approved(city, title="第二所认定"))
    assert [first.sequence, second.sequence] == [1, 2]
    assert second.number == "SAMPLE-2021-0002"


def test_two_codes_are_never_alike():
    assert len({codes.new_code() for _ in range(200)}) == 200


def test_the_state_follows_the_tenure(granted, city, time_machine):
    certificate = certificate_of(granted.item)
    assert certificate.state_on(datetime.date(2024, 2, 29)) == CertificateState.VALID
    # The last day has passed but the beat has not run yet: already 已过期.
    assert certificate.state_on(datetime.date(2024, 3, 1)) == CertificateState.EXPIRED
    expire_tenure(tenure=granted, on=datetime.date(2024, 3, 1))
    certificate.refresh_from_db()
    certificate.tenure.refresh_from_db()
    assert certificate.get_state_display() == "已过期"
    other = certificate_of(approved(city, title="将被撤销的认定"))
    revoke_tenure(tenure=other.tenure, by=city.city_head, reason="办学行为不规范")
    other = Certificate.objects.select_related("tenure").get(pk=other.pk)
    assert other.state == CertificateState.REVOKED and other.get_state_display() == "已撤销"
    assert Tenure.objects.count() == 2
