"""Tenure's 撤销 issues its 发文: the revocation decision naming the item and the reason, with the
文号 of the terms' document type, in the item's timeline and readable by its school; a missing
type refuses the revocation and writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.docnumbers.models import DocNumber, DocumentType
from core.pdf import pdf_text
from tests.workflows.engine.tenure.tenure_helpers import granted  # noqa: F401
from workflows.engine.documents.files import ensure_file
from workflows.engine.documents.models import Document
from workflows.engine.documents.rules import readable_documents
from workflows.engine.tenure.models import Tenure, TenureState
from workflows.engine.tenure.revoking import revoke_tenure

pytestmark = pytest.mark.django_db


def test_a_revocation_issues_its_document(granted, city):
    revoke_tenure(tenure=granted.pk, by=city.city_head, reason="办学行为严重违规。")
    tenure = Tenure.objects.get()
    document = Document.objects.get()
    assert (document.doc_type.code, document.doc_number, document.number_text) == (
        "revocation", tenure.document, "沈教发〔2021〕1号")
    assert [line.item_id for line in document.lines.all()] == [tenure.item_id]
    text = pdf_text(ensure_file(document).file.read())
    for words in ("沈教发〔2021〕1号", "关于撤销和平一校“新优质学校认定”认定的决定", "和平一校：新优质学校认定",
                  "撤销理由：办学行为严重违规。"):
        assert words in text
    assert AuditEvent.objects.filter(action="document_issued", content_type__model="item",
                                     object_id=str(tenure.item_id)).exists()
    assert list(readable_documents(city.head)) == [document]
    assert not readable_documents(city.head_b).exists()


def test_an_inactive_revocation_type_refuses_and_writes_nothing(granted, city):
    DocumentType.objects.filter(code="revocation").update(is_active=False)
    with pytest.raises(ValidationError, match="未知或已停用的公文类型"):
        revoke_tenure(tenure=granted.pk, by=city.city_head, reason="办学行为严重违规。")
    assert Tenure.objects.get().state == TenureState.ACTIVE
    assert not Document.objects.exists() and not DocNumber.objects.exists()
