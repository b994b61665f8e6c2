"""A 发文 that names no items (issue_letter: a letter to one school, as 常态督导's 整改通知书): the
next 文号 of its type, the text all in its body, the same PDF layout and audit event; an unknown
type or a missing title draws no number."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.docnumbers.models import DocNumber, DocumentType
from core.pdf import pdf_text
from tests.city import build_city
from workflows.engine.documents.files import ensure_file
from workflows.engine.documents.models import Document, DocumentItem
from workflows.engine.documents.services import issue_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    DocumentType.objects.create(code="letter", name="函", prefix="沈教函")
    return build_city()


def test_a_letter_is_numbered_rendered_and_audited_without_items(city):
    letter = issue_letter(doc_type="letter", department=city.department, by=city.city, title="关于补报材料的函",
                          opening="和平一校：\n请补报课后服务台账。", closing="请于三日内报送。")
    assert letter.number_text.startswith("沈教函〔") and letter.number_text.endswith("〕1号")
    assert (letter.agency, letter.owner_department, letter.issued_by) == ("沈阳市教育局", city.department, city.city)
    assert not DocumentItem.objects.filter(document=letter).exists()
    text = pdf_text(ensure_file(letter).file.read())
    for words in (letter.number_text, "关于补报材料的函", "请补报课后服务台账。", "请于三日内报送。"):
        assert words in text, words
    event = AuditEvent.objects.get(action="document_issued")
    assert event.data["number"] == letter.number_text and event.data["items"] == []


@pytest.mark.parametrize("doc_type, title", [("unknown", "关于补报材料的函"), ("letter", " ")])
def test_a_bad_letter_draws_no_number(city, doc_type, title):
    with pytest.raises(ValidationError):
        issue_letter(doc_type=doc_type, department=city.department, by=city.city, title=title)
    assert not Document.objects.exists() and not DocNumber.objects.exists()
    assert not AuditEvent.objects.filter(action="document_issued").exists()
