"""Issuing a 发文: one audited change in one transaction. The 文号 is drawn from core.docnumbers
inside it, so a refusal rolls the number back with everything else (no number is wasted); every
named item gets a `document_issued` event in its timeline linking to the document. The PDF is
rendered from the row once the act has committed (engine.rendering); the CJK font it needs is
checked here, so a machine without it refuses the act instead of numbering a document it cannot print."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from core.docnumbers.models import DocumentType
from core.docnumbers.services import issue_for_type
from core.pdf.fonts import cjk_font
from core.orgs.models import Organisation, OrgKind
from workflows.engine.documents import rules
from workflows.engine.documents.models import Document, DocumentItem
from workflows.engine.envelope import pk_of, service
from workflows.engine.lists.step import member_ids
from workflows.engine.models import Item
from workflows.engine.rendering import render_after_commit

TITLE_MAX = 300
TEXT_MAX = 5000


def check_type(code) -> DocumentType:
    """The active document type `code` (its prefix is data); an unknown one is refused (400)."""
    doc_type = DocumentType.objects.filter(code=(code or "").strip(), is_active=True).first()
    if doc_type is None:
        raise ValidationError({"doc_type": ValidationError(
            _("未知或已停用的公文类型：%(code)s") % {"code": code or "—"}, code="doc_type")})
    return doc_type


def check_text(title, opening, closing) -> tuple[str, str, str]:
    title, opening, closing = ((value or "").strip() for value in (title, opening, closing))
    errors = {}
    if not title:
        errors["title"] = ValidationError(_("请填写发文标题。"), code="title")
    elif len(title) > TITLE_MAX:
        errors["title"] = ValidationError(_("发文标题不能超过%(n)d个字。") % {"n": TITLE_MAX}, code="title")
    for field, value in (("opening", opening), ("closing", closing)):
        if len(value) > TEXT_MAX:
            errors[field] = ValidationError(_("正文不能超过%(n)d个字。") % {"n": TEXT_MAX}, code=field)
    if errors:
        raise ValidationError(errors)
    return title, opening, closing


def item_line(item) -> str:
    """How the document names `item`: the kind's own document_line() if it has one, else the
    organisation (the school) and the item's title."""
    own = getattr(item, "document_line", None)
    if own is not None:
        return own()
    return _("%(org)s：%(title)s") % {"org": item.organisation.name, "title": item.title}


def agency_of(department: Organisation) -> str:
    """The issuing agency printed on the document: the bureau above the department."""
    bureau = department.parent if department.parent_id and department.parent.kind == OrgKind.BUREAU else None
    return (bureau or department).name


@service
def issue_document(*, doc_type: str, items, by, title: str, opening: str = "", closing: str = "",
                   list_act=None, check=True) -> Document:
    """Issue a document of type `doc_type` (a DocumentType code) naming `items` in this order.
    400 for an unknown type, an empty or repeated list, a missing title; 404/403 unless `by`
    issues for the items' department (`check=False`: the caller's own rule already allowed it,
    as tenure's revocation by the department head does)."""
    doc_type = check_type(doc_type)
    title, opening, closing = check_text(title, opening, closing)
    ids = member_ids(items)
    found = Item.objects.select_related("organisation", "owner_department__parent").in_bulk(ids)
    members = [found[pk].as_kind() for pk in ids if pk in found]
    if len(members) != len(ids):
        raise ValidationError({"items": ValidationError(_("名单中有不存在的事项。"), code="items")})
    if check:
        rules.check_issuer(by, members)
    lines = [item_line(item) for item in members]
    document = _write(doc_type, department=members[0].owner_department, by=by, title=title, opening=opening,
                      closing=closing, list_act=list_act)
    DocumentItem.objects.bulk_create([DocumentItem(document=document, rank=rank, item=item, text=line)
                                      for rank, (item, line) in enumerate(zip(members, lines), 1)])
    summary = _summary(document)
    record_event(action="document_issued", target=document, actor=by, organisation=document.owner_department,
                 data={**summary, "items": [{"rank": rank, "item": item.pk, "ref_no": item.ref_no}
                                            for rank, item in enumerate(members, 1)],
                       "list": pk_of(list_act) if list_act else None})
    for item in members:
        record_event(action="document_issued", target=item, actor=by, organisation=document.owner_department,
                     data=summary)
    return document


@service
def issue_letter(*, doc_type: str, department, by, title: str, opening: str = "", closing: str = "") -> Document:
    """Issue a document of type `doc_type` that names no items: a letter to one school (常态督导's
    整改通知书), its body all in `opening` and `closing`. The caller's own rule has allowed `by`
    to issue it in `department`'s name; number, audit event and PDF as issue_document's."""
    doc_type = check_type(doc_type)
    title, opening, closing = check_text(title, opening, closing)
    document = _write(doc_type, department=department, by=by, title=title, opening=opening, closing=closing,
                      list_act=None)
    record_event(action="document_issued", target=document, actor=by, organisation=department,
                 data={**_summary(document), "items": [], "list": None})
    return document


def _summary(document) -> dict:
    return {"document": document.pk, "number": document.number_text, "title": document.title,
            "type": document.doc_type.code}


def _write(doc_type, *, department, by, title, opening, closing, list_act) -> Document:
    """The numbered row; its PDF is rendered once the act commits."""
    cjk_font()
    issued_on = timezone.localdate()
    number = issue_for_type(doc_type.code, issued_on.year, title=title, by=by)
    document = Document(doc_type=doc_type, doc_number=number, number_text=number.text, title=title,
                        agency=agency_of(department), owner_department=department, opening=opening, closing=closing,
                        issued_on=issued_on, issued_by=by if by is not None and by.is_authenticated else None,
                        list_act=list_act)
    document.save()
    render_after_commit("document", document.pk)
    return document
