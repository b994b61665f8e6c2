"""撤销 in a real browser (Debian's chromium, zh-CN): the department's head finds the tenure on the
认定有效期 list, opens its item, revokes it with a reason on its page, confirms on a page of its
own that names the consequence, and the item page then shows the revocation (state, reason, 文号).
Screenshots of the list, the confirmation and the revoked item, at 1280 and 390 px."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people
from tests.workflows.engine.tenure.tenure_helpers import approved, sample_terms, tenure_of
from workflows.engine.tenure.models import Tenure, TenureState

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_department_revokes_with_a_reason_and_the_item_page_shows_it(browser, live_server):  # noqa: F811
    city, _item = people(names=(("city_head", "张处长"),))
    sample_terms()
    tenure = tenure_of(approved(city, title="和平一校新优质学校认定"))
    ARTIFACTS.mkdir(exist_ok=True)
    head = Session(browser, live_server, "city_head")
    try:
        page = head.page
        head.open("/work/tenures/")
        assert "和平一校新优质学校认定" in page.inner_text("main") and "有效" in page.inner_text("main")
        for viewport in (DESKTOP, PHONE):
            head.shoot("tenure-list", viewport)
        page.get_by_role("link", name="和平一校新优质学校认定").click()
        page.get_by_role("link", name="撤销认定").click()
        assert page.get_by_role("heading", name="撤销认定").is_visible()
        # No reason: the page says it is required, and nothing is revoked.
        page.get_by_role("button", name="撤销认定").click()
        assert "撤销必须填写理由。" in page.inner_text("main")
        assert Tenure.objects.get(pk=tenure.pk).state == TenureState.ACTIVE
        page.get_by_label("撤销理由").fill("年度检查发现办学行为不规范。")
        page.get_by_role("button", name="撤销认定").click()
        assert page.get_by_role("heading", name="确认撤销认定").is_visible()
        assert "不能恢复" in page.inner_text("main")
        assert Tenure.objects.get(pk=tenure.pk).state == TenureState.ACTIVE  # nothing yet
        for viewport in (DESKTOP, PHONE):
            head.shoot("tenure-confirm-revoke", viewport)
        page.get_by_role("button", name="确认撤销").click()
        page.wait_for_url(f"{head.url}/work/items/{tenure.item_id}/")
        revoked = Tenure.objects.select_related("document").get(pk=tenure.pk)
        assert revoked.state == TenureState.REVOKED
        card = page.locator("section.tenure").inner_text()
        assert "已撤销" in card and "年度检查发现办学行为不规范。" in card and revoked.document.text in card
        assert "已撤销认定，撤销决定文号" in page.inner_text("main")
        page.locator("#tenure-h").scroll_into_view_if_needed()
        for viewport in (DESKTOP, PHONE):
            head.shoot("tenure-revoked-item", viewport)
    finally:
        head.close()
