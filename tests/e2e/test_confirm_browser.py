"""驳回 and 撤回 in a real browser (Debian's chromium, zh-CN): each asks on a page of its own,
naming the consequence, before anything happens; the withdrawn item offers 重新编辑 and becomes a
draft. Screenshots of both confirmations and of the reopened item, at 1280 and 390 px."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, people
from tests.sampleapp.services import sample_create, sample_submit
from workflows.engine.models import Item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def press(session, button, item, *, says, status):
    """Press `button`, back on the item page: it says `says` and the item is now at `status`."""
    session.page.get_by_role("button", name=button).click()
    session.page.wait_for_url(f"{session.url}/work/items/{item.pk}/")
    assert says in session.page.inner_text("main")
    assert Item.objects.get(pk=item.pk).status == status


def test_reject_asks_first_then_rejects(browser, live_server):  # noqa: F811
    city, item = people()
    ARTIFACTS.mkdir(exist_ok=True)
    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open(f"/work/items/{item.pk}/")
        page.get_by_label("审批意见").fill("不符合申报条件。")
        page.get_by_role("button", name="驳回").click()
        assert page.get_by_role("heading", name="确认驳回").is_visible()
        assert "此操作不能撤销" in page.inner_text("main")
        assert Item.objects.get(pk=item.pk).status == "district_review"  # nothing yet
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("confirm-reject", viewport)
        press(reviewer, "确认驳回", item, says="已驳回。", status="rejected")
    finally:
        reviewer.close()


def test_withdraw_asks_for_a_reason_then_the_item_is_reopened(browser, live_server):  # noqa: F811
    city, _item = people(names=(("head", "李校长"),))
    item = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                         title="和平一校科技特色学校申报", summary="科技社团。", pupils=860)
    sample_submit(item=item, by=city.head)
    ARTIFACTS.mkdir(exist_ok=True)
    school = Session(browser, live_server, "head")
    try:
        page = school.page
        school.open(f"/work/items/{item.pk}/")
        page.get_by_role("button", name="撤回", exact=True).click()
        assert page.get_by_role("heading", name="确认撤回").is_visible()
        assert "审批人的待办随之取消" in page.inner_text("main")
        for viewport in (DESKTOP, PHONE):
            school.shoot("confirm-withdraw", viewport)
        # The reason is required: the browser keeps the form until one is given.
        page.get_by_role("button", name="确认撤回").click()
        assert Item.objects.get(pk=item.pk).status == "district_review"
        page.get_by_label("撤回原因（必填）").fill("材料需要更新。")
        press(school, "确认撤回", item, says="已撤回。", status="withdrawn")
        assert "材料需要更新。" in page.inner_text("ol.timeline")
        for viewport in (DESKTOP, PHONE):
            school.shoot("withdrawn-reopen", viewport)
        page.get_by_role("button", name="重新编辑").click()  # lands on the draft's edit page (发起申报)
        page.wait_for_url(f"{school.url}/work/drafts/{item.pk}/")
        assert "已重新打开为草稿" in page.inner_text("main")
        assert Item.objects.get(pk=item.pk).status == "draft"
    finally:
        school.close()
