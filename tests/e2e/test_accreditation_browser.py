"""The accreditation kind in a real browser (Debian's chromium, zh-CN): 和平一校's head starts an
application from 发起申报, is refused a self-assessment score over an indicator's maximum (nothing
written), fills the fields and the self-assessment, uploads the 自评报告 PDF, saves the draft and
submits; 和平区's reviewer claims it from 可领取, sees the self-assessment and the evidence and passes
it with a comment; 和平二校's application (made through the services) is passed the same way; the
district head ranks the two on 名单办理 and signs the recommendation list within the district's two
seats. Screenshots at 1280 and 390 px go to test-artifacts/accreditation-*.png."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PHONE, Session, able_to_sign_in
from tests.sample_files import pdf
from tests.workflows.accreditation.helpers import S, build_acc_city, submitted
from workflows.accreditation.models import Accreditation, AccreditationDetails
from workflows.engine.lists.models import ListAct, ListMember
from workflows.engine.models import Attachment, Item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "和平一校新优质均衡学校申报"
SCORES = {"A1": ("18", "生均校舍面积达标"), "A2": ("17", ""), "B1": ("9", ""), "B2": ("36", "学生综合素质评价优良")}


def shoot(session, name):
    for viewport in (DESKTOP, PHONE):
        session.shoot(f"accreditation-{name}", viewport)


def open_now(acc):
    """The live server and the browser run on the real clock: the campaign is open today."""
    now = timezone.now()
    install_test_calendar([now.year, now.year + 1])
    acc.campaign.opens_at, acc.campaign.closes_at = now - timedelta(days=1), now + timedelta(days=20)
    acc.campaign.save()


def test_a_school_applies_and_the_district_reviews_and_recommends(browser, live_server, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    acc = build_acc_city()
    open_now(acc)
    able_to_sign_in(acc.town, (("head", "李校长"), ("reviewer", "王审核"), ("district_head", "赵局长")))
    ARTIFACTS.mkdir(exist_ok=True)

    school = Session(browser, live_server, "head")
    try:
        page = school.page
        school.open("/work/todo/")
        page.get_by_role("link", name="发起申报").click()
        page.wait_for_url(f"{school.url}/work/start/")
        row = page.locator("tr", has_text="新优质均衡(示范)学校 · 2021年度")
        row.get_by_role("link", name="发起", exact=True).click()
        page.get_by_label("标题").fill(TITLE)
        page.get_by_label("申报摘要").fill("义务教育优质均衡，课程丰富。")
        page.get_by_label("办学特色").fill("书香校园")
        for code, (score, note) in SCORES.items():
            page.get_by_label(re.compile(f"^{code} .+：自评得分（满分")).fill(score)
            page.get_by_label(f"{code} 自评说明").fill(note)
        # A1 is out of 20. The browser itself holds back 25 (the field's max) ...
        a1 = page.get_by_label("A1 校舍：自评得分（满分20）")
        a1.fill("25")
        page.get_by_role("button", name="保存草稿").click()
        assert a1.evaluate("(input) => input.validity.rangeOverflow")
        # ... and the server refuses it in Chinese when the browser's check is bypassed; nothing is written.
        a1.evaluate("(input) => input.removeAttribute('max')")
        page.get_by_role("button", name="保存草稿").click()
        page.wait_for_selector(".errorlist")
        assert "确保该值小于或等于20" in page.inner_text("main").replace(" ", "")
        assert not Item.objects.exists()
        shoot(school, "over-max")

        a1.fill("18")
        page.get_by_role("button", name="保存草稿").click()
        assert "草稿已保存" in page.inner_text("main")
        item = Accreditation.objects.get(title=TITLE)
        assert item.status == "draft"
        assert AccreditationDetails.objects.get(item=item).self_assessment["B2"] == {"score": "36",
                                                                                     "note": "学生综合素质评价优良"}

        path = tmp_path / "和平一校自评报告.pdf"
        path.write_bytes(pdf("self assessment of 和平一校"))
        page.get_by_label("材料类别").select_option(label="自评报告")
        page.get_by_label("文件").set_input_files(str(path))
        page.get_by_role("button", name="上传").click()
        assert "已上传“和平一校自评报告.pdf”" in page.inner_text("main")
        shoot(school, "draft")
        page.get_by_role("button", name="提交申报").click()
        page.wait_for_url(f"{school.url}/work/items/{item.pk}/")
        assert "已提交，等待审核" in page.inner_text("main")
        assert Item.objects.get(pk=item.pk).status == S.DISTRICT_REVIEW
        shoot(school, "submitted")
    finally:
        school.close()

    second = submitted(acc, 1)  # 和平二校, through the services

    reviewer = Session(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        for application, comment in ((item, "自评与材料相符，同意推荐。"), (second, "材料齐全，同意推荐。")):
            reviewer.open("/work/todo/")
            page.get_by_role("link", name="可领取").first.click()
            page.locator("tr", has_text=application.ref_no).get_by_role("button", name="认领").click()
            page.wait_for_url(f"{reviewer.url}/work/items/{application.pk}/")
            text = page.inner_text("main")
            assert "A1 校舍：18" in text and "自评报告" in text, text[:800]
            if application == item:
                assert "生均校舍面积达标" in text and "和平一校自评报告.pdf" in text
                shoot(reviewer, "review")
            page.get_by_label("审批意见").fill(comment)
            page.get_by_role("button", name="通过").click()
            page.wait_for_url(f"{reviewer.url}/work/items/{application.pk}/")
            assert "已通过“区县审核”。" in page.inner_text("main")
            assert Item.objects.get(pk=application.pk).status == S.DISTRICT_RECOMMEND
    finally:
        reviewer.close()

    district = Session(browser, live_server, "district_head")
    try:
        page = district.page
        district.open("/work/lists/")
        form = page.locator("form", has_text="区县推荐")
        assert item.ref_no in form.inner_text() and second.ref_no in form.inner_text()
        form.get_by_label(f"{item.ref_no}的排序").fill("2")
        form.get_by_label(f"{second.ref_no}的排序").fill("1")
        form.get_by_label("审批意见").fill("经局务会研究，推荐以上两校。")
        shoot(district, "list")
        form.get_by_role("button", name="签署名单").click()
        assert "共2项" in page.inner_text("main")
        shoot(district, "list-signed")
    finally:
        district.close()

    act = ListAct.objects.get()
    assert list(ListMember.objects.filter(list_act=act).order_by("rank").values_list("item_id", flat=True)) == [
        second.pk, item.pk]
    assert {Item.objects.get(pk=i.pk).status for i in (item, second)} == {S.FORMAL_REVIEW}
    assert Attachment.objects.filter(item=item, name="和平一校自评报告.pdf").exists()
