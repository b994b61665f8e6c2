"""发文 pages: the documents I may read (and, for the owning department, the recent lists to issue
from), one document with the items it names, its PDF, and issuing a list's document. Who may is
workflows.engine.documents.rules (anyone else: 404; a non-issuer issuing: 403)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.documents import rules, selectors
from workflows.engine.documents.files import ensure_file
from workflows.engine.documents.lists import issue_list_document
from workflows.web.document_forms import IssueForm
from workflows.web.listing import ListError, paginate
from workflows.web.views.notices import run_form


@login_required
def documents_page(request, forms=None, error="", status=200):
    """发文: my documents, newest first; an issuer also sees the latest lists, each with its form."""
    issuer = bool(rules.issuing_departments(request.user))
    lists = selectors.recent_lists(request.user) if issuer else []
    forms = forms or {}
    try:
        page = paginate(selectors.document_list(request.user), request.GET.get("page"))
    except ListError as exc:
        page, error, status = None, exc.message, exc.status
    context = {"page": page, "issuer": issuer, "error": error,
               "lists": [(list_act, forms.get(list_act.pk) or IssueForm(prefix=f"list-{list_act.pk}"))
                         for list_act in lists],
               "page_name": "documents"}
    return render(request, "workflows/documents/list.html", context, status=status)


@login_required
def document_page(request, pk):
    document = selectors.document_detail(request.user, pk)
    return render(request, "workflows/documents/detail.html", {"document": document, "page_name": "documents"})


@login_required
def document_pdf(request, pk):
    document = ensure_file(rules.readable_document(request.user, pk))
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name,
                        content_type="application/pdf")


@require_POST
@login_required
def issue_from_list(request, pk):
    form = IssueForm(request.POST, prefix=f"list-{pk}")
    return run_form(
        request, lambda data: issue_list_document(list_act=pk, by=request.user, **data),
        form=form, render_again=lambda **kw: documents_page(request, forms={pk: form}, **kw),
        success=lambda document: _("已发文：%(number)s《%(title)s》。") % {
            "number": document.number_text, "title": document.title},
        then=lambda document: redirect("workflows:document", pk=document.pk))
