"""The 发文 pages: the department issues a list's document from the 发文 page and reads it; the
named school reads it from its item's timeline and downloads the PDF; another district, another
school and anonymous get 404 (or the sign-in page); a school cannot issue; bad input changes
nothing; the list page's queries do not grow with its rows."""

import pytest
from django.test import Client
from django.urls import reverse

from core.docnumbers.models import DocNumber
from core.pdf import pdf_text
from tests.workflows.engine.documents.helpers import decided_list, issued  # noqa: F401
from tests.workflows.engine.notice_helpers import city, on_publication_day  # noqa: F401
from tests.workflows.web.conftest import client_for
from workflows.engine.documents.models import Document
from workflows.engine.documents.services import issue_document

pytestmark = pytest.mark.django_db


def issue_form(list_act, **fields):
    body = {"doc_type": "decision", "title": "关于2021年度示例评选结果的决定", "opening": "决定以下学校入选：",
            "closing": "", **fields}
    return {f"list-{list_act.pk}-{name}": value for name, value in body.items()}


def test_the_department_issues_from_a_list_and_reads_the_document(city):
    items, list_act = decided_list(city)
    web = client_for(city.city_head)
    page = web.get(reverse("workflows:documents"))
    assert page.status_code == 200 and "从名单发文" in page.text and items[0].ref_no in page.text
    response = web.post(reverse("workflows:document-issue", args=[list_act.pk]), issue_form(list_act))
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workflows:document", args=[document.pk])
    detail = web.get(response["Location"])
    assert "沈教发〔2021〕1号" in detail.text and "和平一校：评选申报1" in detail.text and "下载PDF" in detail.text
    listed = web.get(reverse("workflows:documents"))
    assert "沈教发〔2021〕1号" in listed.text and "已发决定：沈教发〔2021〕1号" in listed.text


def test_an_unknown_type_or_no_title_is_refused_on_the_page_and_nothing_is_written(city):
    _items, list_act = decided_list(city)
    web = client_for(city.city_head)
    url = reverse("workflows:document-issue", args=[list_act.pk])
    unknown = web.post(url, issue_form(list_act, doc_type="no-such-type"))
    assert unknown.status_code == 400 and "未知或已停用的公文类型：no-such-type" in unknown.text
    untitled = web.post(url, issue_form(list_act, title=""))
    assert untitled.status_code == 400 and "errors" in untitled.text
    assert not Document.objects.exists() and not DocNumber.objects.exists()


def test_a_school_cannot_issue(city):
    _items, list_act = decided_list(city)
    response = client_for(city.head).post(reverse("workflows:document-issue", args=[list_act.pk]),
                                          issue_form(list_act))
    assert response.status_code == 404 and not Document.objects.exists()
    assert "从名单发文" not in client_for(city.head).get(reverse("workflows:documents")).text


def test_the_school_reads_it_from_its_timeline_and_downloads_the_pdf(city, issued):
    document, items = issued
    web = client_for(city.head)
    item_page = web.get(reverse("workflows:item", args=[items[0].pk]))
    assert "沈教发〔2021〕1号" in item_page.text and reverse("workflows:document", args=[document.pk]) in item_page.text
    pdf = web.get(reverse("workflows:document-pdf", args=[document.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "沈教发〔2021〕1号" in pdf_text(b"".join(pdf.streaming_content))


def test_another_district_cannot_read_or_download(city):
    items, _list_act = decided_list(city)
    document = issue_document(doc_type="decision", items=[items[0]], by=city.city_head, title="关于和平一校的决定")
    for user in (city.reviewer_b, city.head_b):
        web = client_for(user)
        for name in ("workflows:document", "workflows:document-pdf"):
            assert web.get(reverse(name, args=[document.pk])).status_code == 404
        assert "沈教发〔2021〕1号" not in web.get(reverse("workflows:documents")).text
    anonymous = Client().get(reverse("workflows:document-pdf", args=[document.pk]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_list_page_queries_do_not_grow_with_its_rows(city, django_assert_max_num_queries):
    items, _list_act = decided_list(city)
    web = client_for(city.city_head)

    def count():
        with django_assert_max_num_queries(100) as captured:
            assert web.get(reverse("workflows:documents")).status_code == 200
        return len(captured)

    issue_document(doc_type="decision", items=[items[0]], by=city.city_head, title="第一份")
    one = count()
    for n in range(4):
        issue_document(doc_type="decision", items=items, by=city.city_head, title=f"第{n + 2}份")
    assert count() == one
