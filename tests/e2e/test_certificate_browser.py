"""A certificate's QR page in a real browser (Debian's chromium), in Chinese, without signing in:
the QR code read from the rendered PDF is the verification address under SITE_URL; following it
shows 有效 with the holder, programme and number; after the tenure is revoked the same page says
已撤销, and an expired one says 已过期; a made-up code says 未找到该证书. Screenshots at desktop and
phone width go to test-artifacts/."""

import datetime
import os

import pytest
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.city import build_city
from tests.e2e.test_login_browser import ARTIFACTS, assert_drawn_in_cjk_font, browser  # noqa: F401
from tests.e2e.test_objection_browser import shoot
from tests.e2e.test_review_browser import DESKTOP, PHONE
from tests.workflows.engine.certificates.certificate_helpers import (
    certificate_of,
    page_image,
    pdf_of,
    qr_modules,
    url_in_text,
)
from tests.workflows.engine.tenure.tenure_helpers import approved, sample_terms
from workflows.engine.certificates import codes
from workflows.engine.certificates.render import qr_matrix
from workflows.engine.tenure.expiry import expire_tenure
from workflows.engine.tenure.revoking import revoke_tenure

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_certificate_s_qr_page_follows_its_tenure_in_a_browser(browser, live_server, settings):  # noqa: F811
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    city = build_city()
    sample_terms()
    revoked = certificate_of(approved(city, title="新优质学校认定"))
    expiring = certificate_of(approved(city, title="劳动教育特色学校认定"))
    data = pdf_of(revoked)
    url = url_in_text(data)
    assert url.startswith(f"{live_server.url}/verify/")
    assert qr_modules(page_image(data)) == qr_matrix(url)  # what a phone's camera reads is this address
    ARTIFACTS.mkdir(exist_ok=True)

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")  # nobody signed in
    try:
        page = context.new_page()
        page.goto(url)
        assert page.locator("#state").inner_text() == "有效"
        assert page.locator("#holder").inner_text() == "和平一校"
        assert page.locator("#programme").inner_text() == "示例认定"
        assert page.locator("#number").inner_text() == revoked.number
        assert page.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
        assert_drawn_in_cjk_font(page, "h1", "证书查验")
        for viewport in (DESKTOP, PHONE):
            shoot(page, "certificate-valid", viewport)

        revoke_tenure(tenure=revoked.tenure, by=city.city_head, reason="办学行为不规范，经复核撤销认定")
        page.reload()
        assert page.locator("#state").inner_text() == "已撤销"
        shoot(page, "certificate-revoked", DESKTOP)

        expire_tenure(tenure=expiring.tenure, on=expiring.valid_until + datetime.timedelta(days=1))
        page.goto(url_in_text(pdf_of(expiring)))
        assert page.locator("#state").inner_text() == "已过期"
        shoot(page, "certificate-expired", DESKTOP)

        response = page.goto(f"{live_server.url}/verify/{codes.new_code()}/")
        assert response.status == 404 and "未找到该证书" in page.locator("#state").inner_text()
        shoot(page, "certificate-not-found", DESKTOP)
    finally:
        context.close()
