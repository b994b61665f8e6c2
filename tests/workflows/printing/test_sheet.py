"""打印审批单: the print page and the PDF (its Chinese read back out of the file), on the page
and over the API, scoped like the item page."""

from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from core.pdf import pdf_text
from tests.workflows.api.helpers import client_for as api_client
from tests.workflows.web.conftest import city, client_for, open_task, reload, returned_item, submitted_item  # noqa: F401
from workflows.engine import services

pytestmark = pytest.mark.django_db


def decided_item(city):
    """Returned by the district, resubmitted by the school, approved by the district: at 市局审核."""
    item = returned_item(city, title="和平一校劳动教育特色学校申报")
    services.resubmit_item(task=open_task(item), by=city.head, comment="已补充自评报告。")
    services.approve_task(task=open_task(item), by=city.reviewer, comment="同意，报市局审核。")
    return reload(item)


def test_the_sheet_page_has_the_data_every_opinion_and_the_current_step(city):
    item = decided_item(city)
    response = client_for(city.reviewer).get(reverse("workflows:sheet", args=[item.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("审批单", item.ref_no, "和平一校劳动教育特色学校申报", "市局审核中", "申报内容", "和平一校",
                 "请补充自评报告。", "已补充自评报告。", "同意，报市局审核。", "退回", "重新提交", "通过",
                 str(city.reviewer), "市局审核", "打印", "下载 PDF"):
        assert text in html, text
    # The opinions in the order they were given.
    assert html.index("请补充自评报告。") < html.index("已补充自评报告。") < html.index("同意，报市局审核。")


def test_the_pdf_says_it_in_chinese(city):
    item = decided_item(city)
    response = client_for(city.reviewer).get(reverse("workflows:sheet-pdf", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert unquote(response["Content-Disposition"]).endswith(f"审批单-{item.ref_no}.pdf")
    data = response.content
    assert data.startswith(b"%PDF") and b"NotoSerifCJK" in data
    text = pdf_text(data)
    for words in ("沈阳市教育局审批单", "和平一校劳动教育特色学校申报", item.ref_no, "当前状态：市局审核中",
                  "请补充自评报告。", "已补充自评报告。", "同意，报市局审核。", "区县审核", "市局审核",
                  str(city.reviewer).replace(" ", ""), "和平区", "申报材料", "打印人"):
        assert words in text, words


def test_a_finished_item_says_nothing_waits(city):
    item = decided_item(city)
    services.reject_task(task=open_task(item), by=city.city, comment="不符合条件。")
    text = pdf_text(client_for(city.city).get(reverse("workflows:sheet-pdf", args=[item.pk])).content)
    assert "没有待办理的环节。当前状态：已驳回" in text and "不符合条件。" in text


def test_the_api_gives_the_same_pdf_in_scope_only(city):
    item = decided_item(city)
    response = api_client(city.city).get(f"/api/v1/items/{item.pk}/sheet/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "同意，报市局审核。" in pdf_text(response.content)
    other = api_client(city.reviewer_b).get(f"/api/v1/items/{item.pk}/sheet/")
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    assert api_client(None).get(f"/api/v1/items/{item.pk}/sheet/").status_code == 401


def test_another_district_and_signed_out_visitors_get_nothing(city):
    item = decided_item(city)
    for name in ("workflows:sheet", "workflows:sheet-pdf"):
        url = reverse(name, args=[item.pk])
        assert client_for(city.reviewer_b).get(url).status_code == 404
        assert client_for(city.head_b).get(url).status_code == 404
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    missing = client_for(city.reviewer).get(reverse("workflows:sheet-pdf", args=[999999]))
    assert missing.status_code == 404


def test_a_draft_prints_for_its_school_only(city):
    from tests.workflows.engine.conftest import new_item

    draft = new_item(city, title="草稿事项")
    assert client_for(city.head).get(reverse("workflows:sheet", args=[draft.pk])).status_code == 200
    assert client_for(city.reviewer).get(reverse("workflows:sheet", args=[draft.pk])).status_code == 404
