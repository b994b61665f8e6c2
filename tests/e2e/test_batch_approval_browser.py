"""批量审批 in a real browser (Debian's chromium, zh-CN): a district reviewer ticks three
applications of 区县审核 in 可领取, writes one comment, confirms on the page that lists them, and
reads the result, one line per item; a colleague who approved one of them in between is named as
the reason that one was not approved; another kind's 区县审核 in the same queue cannot be ticked with
them. Screenshots at 1280 and 390 px."""

import os

import pytest

from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, able_to_sign_in
from tests.city import build_city
from tests.sampleapp.services import sample_create, sample_submit
from tests.sampleapp.visit_models import SampleProgramme
from tests.sampleapp.visits import visit_create, visit_submit
from tests.workflows.engine.conftest import open_task
from workflows.engine import services
from workflows.engine.models import Decision, Item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TITLES = ["和平一校智慧教育标杆学校申报", "和平一校爱国主义教育示范校申报", "和平一校课程改革达标校申报"]


def test_batch_approval_from_the_queue(browser, live_server):  # noqa: F811
    city = build_city()
    able_to_sign_in(city, (("reviewer", "王审核"), ("reviewer2", "赵审核")))
    items = []
    for title in TITLES:
        item = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head, title=title,
                             summary="（测试）", pupils=700)
        sample_submit(item=item, by=city.head)
        items.append(item)
    # Two applications of another kind, whose flow has a 区县审核 too: another step, never batched with those.
    programme = SampleProgramme.objects.create(name="示范校", onsite_visit=False)
    visits = []
    for n in (1, 2):
        visit = visit_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                             title=f"和平一校示范校申报{n}", programme=programme)
        visit_submit(item=visit, by=city.head)
        visits.append(visit)
    ARTIFACTS.mkdir(exist_ok=True)
    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        reviewer.open("/work/claimable/")
        bar = page.locator("form#batch-form")
        assert "同一流程、同一环节" in bar.inner_text()
        assert "示例申报·区县审核（3件）" in bar.inner_text() and "示例认定·区县审核（2件）" in bar.inner_text()
        visit_boxes = [page.get_by_role("checkbox", name=f"选择 {visit.ref_no}") for visit in visits]
        for title in TITLES:
            page.get_by_role("checkbox", name=f"选择 {Item.objects.get(title=title).ref_no}").check()
        assert "已选择 3 件" in bar.inner_text()
        assert all(box.is_disabled() for box in visit_boxes)  # the other kind's step waits for another batch
        page.get_by_label("审批意见（用于所选每一件）").fill("材料齐全，同意上报。")
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("batch-select", viewport)
        page.get_by_role("button", name="批量通过所选").click()

        assert page.get_by_role("heading", name="确认批量通过").is_visible()
        main = page.inner_text("main")
        assert all(title in main for title in TITLES) and "区县审核" in main
        assert page.get_by_label("审批意见（用于所选每一件）").input_value() == "材料齐全，同意上报。"
        assert not Decision.objects.exists()  # nothing yet
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("batch-confirm", viewport)

        # Meanwhile a colleague approves the second one on its own.
        services.approve_task(task=open_task(items[1]), by=city.reviewer2, comment="我已审核。")
        page.get_by_role("button", name="确认通过 3 件").click()

        assert page.get_by_role("heading", name="批量通过结果").is_visible()
        main = page.inner_text("main")
        assert "已通过 2 件，未通过 1 件。" in main
        assert "此待办已办理或已撤销。" in main
        assert [Item.objects.get(pk=visit.pk).status for visit in visits] == ["district_review"] * 2
        rows = page.locator("table.list tbody tr")
        assert rows.count() == 3
        assert "已通过" in rows.nth(0).inner_text() and "未通过" in rows.nth(1).inner_text()
        for viewport in (DESKTOP, PHONE):
            reviewer.shoot("batch-result", viewport)
        assert [Item.objects.get(pk=item.pk).status for item in items] == ["city_review"] * 3
        assert Decision.objects.get(item=items[1]).actor == city.reviewer2
        assert Decision.objects.filter(actor=city.reviewer, comment="材料齐全，同意上报。").count() == 2

        page.get_by_role("link", name=TITLES[0]).click()  # the result links to each item
        page.wait_for_url(f"{reviewer.url}/work/items/{items[0].pk}/")
    finally:
        reviewer.close()
