"""加签 in a real browser (Debian's chromium), in Chinese: in a 依次审批 step the first district
reviewer sees the step's members, adds a city reviewer after themselves, approves, and the city
reviewer finds the item in their 待办 and approves in turn. Screenshots of the members and the
加签 form at desktop and phone width go to test-artifacts/."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, able_to_sign_in, timeline
from tests.sampleapp.panels import SequenceFlow
from tests.workflows.engine.multi_helpers import build_panel, states, submitted

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_adds_a_signer_after_themselves_in_a_browser(browser, live_server):  # noqa: F811
    panel = build_panel()
    able_to_sign_in(panel.city, (("reviewer", "王审核"), ("city", "陈处员")))
    item = submitted(panel, SequenceFlow)
    ARTIFACTS.mkdir(exist_ok=True)
    item_path = f"/work/items/{item.pk}/"

    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open(item_path)
        members = page.locator("section.signers")
        assert "区县依次审核 · 依次审批" in members.inner_text()
        page.get_by_label("加签", exact=True).fill("陈")  # by name (static/js/picker.js)
        page.locator(".picker-list [role=option]", has_text="陈处员 · 基础教育处").click()
        page.get_by_label("加签位置").select_option("after")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("add-signer-form", viewport)
        members.get_by_role("button", name="加签").click()
        page.wait_for_url(f"{reviewer.url}{item_path}")
        assert "已加签陈处员。" in page.inner_text("main")
        assert timeline(page)[-1] == "加签"
        assert "加签陈处员，在本人之后办理" in page.inner_text("ol.timeline")
        page.get_by_label("审批意见").fill("同意。")
        page.get_by_role("button", name="通过").click()
        page.wait_for_url(f"{reviewer.url}{item_path}")
    finally:
        reviewer.close()
    assert [state for _, state in states(item)][:2] == ["approve", "open"]

    city = Session(browser, live_server, "city")
    try:
        page = city.page
        page.get_by_role("link", name="待办").first.click()
        page.get_by_role("link", name=item.title).click()
        page.wait_for_url(f"{city.url}{item_path}")
        page.get_by_label("审批意见").fill("市局意见：同意。")
        page.get_by_role("button", name="通过").click()
        page.wait_for_url(f"{city.url}{item_path}")
        assert "市局意见：同意。" in page.locator("section.signers").inner_text()
    finally:
        city.close()
    assert [state for _, state in states(item)][:3] == ["approve", "approve", "open"]
