"""Two schools decided on the sample HonourFlow's decision list (tests/sampleapp/honours.py) and
the list's 决定 issued as a 发文, with the document types as data."""

import pytest

from core.docnumbers.models import DocumentType
from tests.sampleapp.honours import honour_decision_document
from tests.workflows.engine.notice_helpers import decided, honour_campaign
from workflows.engine.lists.models import ListAct


def document_types():
    DocumentType.objects.get_or_create(code="decision", defaults={"name": "决定", "prefix": "沈教发"})
    DocumentType.objects.get_or_create(code="approval", defaults={"name": "批复", "prefix": "沈教批"})


def decided_list(city):
    """school_a's and school_b's applications on one decision list: (items, the list act)."""
    document_types()
    items = decided(city, honour_campaign(city), 2, schools=[city.school_a, city.school_b])
    return items, ListAct.objects.get()


@pytest.fixture
def issued(city):
    """The decision list's document, issued by the department head: (document, items)."""
    items, list_act = decided_list(city)
    return honour_decision_document(list_act=list_act, by=city.city_head), items
