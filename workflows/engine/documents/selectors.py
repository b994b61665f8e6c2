"""What the 发文 pages and the API read, scoped by workflows.engine.documents.rules; each a fixed
number of queries whatever the number of documents or lists."""

from django.db.models import Count, OuterRef, Prefetch, Subquery

from workflows.engine.documents.lists import lists_to_issue
from workflows.engine.documents.models import Document, DocumentItem
from workflows.engine.documents.rules import readable_document, readable_documents
from workflows.engine.lists.models import ListMember

RECENT_LISTS = 20


def document_list(user):
    """The documents `user` reads, newest first, with their type, issuer and number of lines."""
    # A subquery, not a join with GROUP BY: the page's count then stays one plain query (SQLite's
    # parser overflows on the grouped form wrapped around the scope's conditions).
    lines = DocumentItem.objects.filter(document=OuterRef("pk")).order_by().values("document") \
        .annotate(n=Count("pk")).values("n")
    return readable_documents(user).select_related("doc_type", "issued_by", "owner_department") \
        .annotate(line_count=Subquery(lines)).order_by("-created_at", "-pk")


def document_detail(user, pk) -> Document:
    """One document `user` reads (else 404), with its lines and their items."""
    document = readable_document(user, pk)
    document.line_rows = list(DocumentItem.objects.filter(document=document).select_related("item__organisation")
                              .order_by("rank"))
    return document


def recent_lists(user):
    """The latest list acts `user` issues documents for, with their members and their documents."""
    members = ListMember.objects.select_related("item__organisation").order_by("rank")
    return list(lists_to_issue(user).prefetch_related(
        Prefetch("members", queryset=members),
        Prefetch("documents", queryset=Document.objects.select_related("doc_type")))[:RECENT_LISTS])
