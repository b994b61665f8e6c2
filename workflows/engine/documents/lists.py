"""发文 from a list act (名单): the decision or approval document naming a list's standing members
in its order (a school whose membership ended — sent back by an upheld objection, returned,
rejected, withdrawn — is no longer on the list and is not named). One document of each type per
list; the list's members must still be visible to, and issued for by, `by` (rules.check_issuer,
inside issue_document). A kind may refuse a list's document while its members are not where its
document may name them (an accreditation's 认定 names only approved schools): its proxy model's
classmethod `list_document_refusal(items)` says why, else None. It is asked here, the one way a
list's document is issued, so a kind's own page and the generic API cannot differ."""

from django.utils.translation import gettext as _

from workflows.engine.documents.models import Document
from workflows.engine.documents.rules import issuing_departments
from workflows.engine.documents.services import check_type, issue_document
from workflows.engine.envelope import pk_of, service
from workflows.engine.exceptions import InvalidState, NotFound
from workflows.engine.lists.models import ListAct, ListMember
from workflows.engine.models import Item, kind_models


def lists_to_issue(user):
    """The list acts whose items belong to a department `user` issues for, newest first."""
    departments = issuing_departments(user)
    return ListAct.objects.filter(members__item__owner_department_id__in=departments).distinct() \
        .select_related("organisation", "actor").order_by("-created_at", "-pk")


@service
def issue_list_document(*, list_act, doc_type: str, by, title: str, opening: str = "", closing: str = "") -> Document:
    """Issue the `doc_type` document of `list_act`: its standing members in rank order (409 when
    the list already has a document of that type or nobody is left on it; 404 for a list `by`
    does not issue for)."""
    list_act = lists_to_issue(by).filter(pk=pk_of(list_act)).first()
    if list_act is None:
        raise NotFound()
    doc_type_row = check_type(doc_type)
    existing = Document.objects.filter(list_act=list_act, doc_type=doc_type_row).first()
    if existing is not None:
        raise InvalidState(_("该名单已发文：%(number)s。") % {"number": existing.number_text})
    items = list(ListMember.objects.live().filter(list_act=list_act).order_by("rank")
                 .values_list("item_id", flat=True))
    if not items:
        raise InvalidState(_("该名单上的事项均已移出名单，不能发文。"))
    members = Item.objects.filter(pk__in=items)
    for kind in sorted(set(members.values_list("kind", flat=True))):
        refuse = getattr(kind_models().get(kind), "list_document_refusal", None)
        refusal = refuse(members.filter(kind=kind)) if refuse is not None else None
        if refusal:
            raise InvalidState(refusal)
    return issue_document(doc_type=doc_type_row.code, items=items, by=by, title=title, opening=opening,
                          closing=closing, list_act=list_act)
