"""发文 over the API: the department issues a list's document and reads it; the school reads and
downloads; another district gets 404; a school issuing gets 404 (the list is not theirs); an
unknown type 400 and a second document of a type 409, nothing written."""

import pytest
from django.urls import reverse

from core.docnumbers.models import DocNumber
from core.pdf import pdf_text
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.documents.helpers import decided_list
from tests.workflows.engine.notice_helpers import city, on_publication_day  # noqa: F401
from workflows.engine.documents.models import Document

pytestmark = pytest.mark.django_db
BODY = {"doc_type": "decision", "title": "关于2021年度示例评选结果的决定", "opening": "决定以下学校入选："}


def test_the_department_issues_and_everyone_named_reads(city):
    items, list_act = decided_list(city)
    url = reverse("api:list-issue-document", args=[list_act.pk])
    api = client_for(city.city_head)
    assert api.post(url, {**BODY, "doc_type": "nope"}, format="json").status_code == 400
    assert api.post(url, {**BODY, "title": ""}, format="json").status_code == 400
    assert not DocNumber.objects.exists()
    created = api.post(url, BODY, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["number"] == "沈教发〔2021〕1号" and data["doc_type"] == "decision"
    assert [(line["rank"], line["item"]) for line in data["lines"]] == [(1, items[0].pk), (2, items[1].pk)]
    again = api.post(url, BODY, format="json")
    assert again.status_code == 409 and "该名单已发文" in again.json()["detail"]
    for user in (city.head, city.head_b, city.reviewer_b):  # each school is named; so are both districts
        reader = client_for(user)
        assert [d["id"] for d in reader.get(reverse("api:document-list")).json()["results"]] == [data["id"]]
        pdf = reader.get(data["download"])
        assert pdf.status_code == 200 and "沈教发〔2021〕1号" in pdf_text(b"".join(pdf.streaming_content))


def test_another_district_cannot_read_and_a_school_cannot_issue(city):
    items, list_act = decided_list(city)
    from workflows.engine.documents.services import issue_document

    document = issue_document(doc_type="decision", items=[items[0]], by=city.city, title="关于和平一校的决定")
    outsider = client_for(city.reviewer_b)
    for name in ("api:document-detail", "api:document-pdf"):
        assert outsider.get(reverse(name, args=[document.pk])).status_code == 404
    assert outsider.get(reverse("api:document-list")).json()["results"] == []
    school = client_for(city.head)
    response = school.post(reverse("api:list-issue-document", args=[list_act.pk]), BODY, format="json")
    assert response.status_code == 404 and Document.objects.count() == 1
    assert client_for(None).get(reverse("api:document-list")).status_code == 401
