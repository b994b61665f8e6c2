"""发文: a decision list issues one document with the next 文号 of its type, rendered as a PDF in
the official layout, naming the list's schools, in each named item's timeline; bad input and the
wrong person change nothing (no number drawn)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.docnumbers.models import DocNumber, DocumentType
from core.pdf import pdf_text
from core.pdf.fonts import FontMissing
from tests.sampleapp.honours import honour_decision_document
from tests.workflows.engine.documents.helpers import decided_list, issued  # noqa: F401
from tests.workflows.engine.notice_helpers import city, on_publication_day  # noqa: F401
from workflows.engine.documents import services
from workflows.engine.documents.files import ensure_file
from workflows.engine.documents.lists import issue_list_document
from workflows.engine.documents.models import Document, DocumentItem
from workflows.engine.documents.services import issue_document
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound

pytestmark = pytest.mark.django_db


def nothing_written():
    assert not Document.objects.exists() and not DocumentItem.objects.exists()
    assert not DocNumber.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["document_issued", "docnumber.issued"]).exists()


def test_a_decision_list_issues_a_numbered_pdf_naming_its_schools(city, issued):
    document, items = issued
    assert document.number_text == "沈教发〔2021〕1号" and document.doc_number.text == "沈教发〔2021〕1号"
    assert (document.agency, document.owner_department, document.issued_by) == ("沈阳市教育局", city.department,
                                                                                 city.city_head)
    assert [(line.rank, line.item_id) for line in document.lines.all()] == [(1, items[0].pk), (2, items[1].pk)]
    assert not document.file and document.size == 0  # rendered after the act (test_rendering)
    document = ensure_file(document)
    data = document.file.read()
    assert data.startswith(b"%PDF") and document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    text = pdf_text(data)
    for words in ("沈阳市教育局文件", "沈教发〔2021〕1号", "关于2021年度新优质均衡(示范)学校评选结果的决定",
                  "1.和平一校：评选申报1", "2.沈河一校：评选申报2", "（印章）", "2021年6月1日"):
        assert words in text
    assert text.index("沈阳市教育局文件") < text.index("沈教发〔2021〕1号") < text.index("关于")
    # The font is embedded as a subset (its name carries the six-letter tag), not whole.
    assert b"+NotoSerifCJK" in data and len(data) < 200_000


def test_every_named_item_has_the_document_in_its_timeline(city, issued):
    document, items = issued
    for item in items:
        event = AuditEvent.objects.get(action="document_issued", object_id=str(item.pk),
                                       content_type__model="item")
        assert event.data["document"] == document.pk and event.data["number"] == "沈教发〔2021〕1号"
        assert event.actor == city.city_head
    own = AuditEvent.objects.get(action="document_issued", content_type__model="document")
    assert [m["item"] for m in own.data["items"]] == [items[0].pk, items[1].pk] and own.data["list"]


def test_numbers_follow_on_per_prefix_and_the_prefix_is_data(city, issued):
    document, items = issued
    DocumentType.objects.filter(code="approval").update(prefix="沈教函")
    second = issue_list_document(list_act=document.list_act, doc_type="approval", by=city.city, title="关于同意的批复")
    third = issue_document(doc_type="decision", items=[items[0]], by=city.city_head, title="关于和平一校的决定")
    assert (second.number_text, third.number_text) == ("沈教函〔2021〕1号", "沈教发〔2021〕2号")


def test_an_unknown_or_inactive_type_is_refused_and_nothing_is_written(city):
    items, list_act = decided_list(city)
    with pytest.raises(ValidationError) as refused:
        issue_list_document(list_act=list_act, doc_type="no-such-type", by=city.city_head, title="关于……的决定")
    assert "未知或已停用的公文类型：no-such-type" in str(refused.value)
    DocumentType.objects.filter(code="decision").update(is_active=False)
    with pytest.raises(ValidationError):
        honour_decision_document(list_act=list_act, by=city.city_head)
    nothing_written()


def test_a_missing_title_an_empty_or_repeated_list_are_refused(city):
    items, _list_act = decided_list(city)
    for kwargs, field in (({"items": items, "title": "  "}, "title"), ({"items": [], "title": "决定"}, "items"),
                          ({"items": [items[0], items[0]], "title": "决定"}, "items")):
        with pytest.raises(ValidationError) as refused:
            issue_document(doc_type="decision", by=city.city_head, **kwargs)
        assert field in refused.value.message_dict
    nothing_written()


def test_a_list_has_one_document_of_each_type(city, issued):
    document, _items = issued
    with pytest.raises(InvalidState, match="该名单已发文：沈教发〔2021〕1号"):
        honour_decision_document(list_act=document.list_act, by=city.city_head)
    assert Document.objects.count() == 1 and DocNumber.objects.count() == 1


def test_a_machine_without_the_cjk_font_refuses_and_wastes_no_number(city, monkeypatch):
    items, list_act = decided_list(city)

    def missing():
        raise FontMissing("No CJK font for PDFs: install the Debian package fonts-noto-cjk")

    monkeypatch.setattr(services, "cjk_font", missing)
    with pytest.raises(FontMissing):
        honour_decision_document(list_act=list_act, by=city.city_head)
    nothing_written()
    monkeypatch.undo()
    assert honour_decision_document(list_act=list_act, by=city.city_head).number_text == "沈教发〔2021〕1号"


@pytest.mark.parametrize("who", ["head", "reviewer", "district_head"])
def test_a_school_or_a_district_cannot_issue(city, who):
    items, list_act = decided_list(city)
    with pytest.raises(NotAllowed, match="只有主管处室的审核员或负责人可以发文"):
        issue_document(doc_type="decision", items=[items[0]], by=getattr(city, who), title="关于和平一校的决定")
    with pytest.raises(NotFound):  # the list act itself is not theirs to issue from
        honour_decision_document(list_act=list_act, by=getattr(city, who))
    nothing_written()


def test_another_districts_user_is_told_the_item_does_not_exist(city):
    items, _list_act = decided_list(city)
    with pytest.raises(NotFound):
        issue_document(doc_type="decision", items=[items[0]], by=city.reviewer_b, title="关于和平一校的决定")
    nothing_written()


def test_a_list_s_later_document_names_only_the_schools_still_on_it(city):
    """The 批复 after the 公示 leaves out a school an upheld objection sent back to the decision (its
    list membership ended); a list nobody is left on issues nothing (409, no number drawn)."""
    from tests.workflows.engine.notice_helpers import OBJECTOR, published
    from workflows.engine.notices.handling import uphold_objection
    from workflows.engine.notices.objections import lodge_objection

    items, list_act = decided_list(city)
    notice = published(city, items)
    for n, item in enumerate(items):
        entry = notice.entries.get(item=item)
        objection = lodge_objection(notice=notice.pk, entry=entry.pk, **{**OBJECTOR, "phone": f"1390000000{n}"},
                                    ip=f"10.0.0.{n + 1}")
        if n == 1:
            uphold_objection(objection=objection, by=city.city, reason="经核实，异议成立。")
    document = issue_list_document(list_act=list_act, doc_type="approval", by=city.city_head, title="关于认定的批复")
    assert [line.item_id for line in document.lines.order_by("rank")] == [items[0].pk]
    assert "沈河一校" not in pdf_text(ensure_file(document).file.read())

    objection = notice.entries.get(item=items[0]).objections.get()
    uphold_objection(objection=objection, by=city.city, reason="经核实，异议成立。")
    with pytest.raises(InvalidState, match="均已移出名单"):
        issue_list_document(list_act=list_act, doc_type="decision", by=city.city_head, title="关于认定的决定")
    assert Document.objects.count() == 1 and DocNumber.objects.count() == 1
