"""打印审批单: the print page and the PDF download, scoped like the item page
(selectors.get_item_for: out of scope is 404)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workflows.engine.reading import selectors
from workflows.web.printing.pdf import pdf_response
from workflows.web.printing.sheet import approval_sheet


@login_required
def sheet_page(request, pk):
    item = selectors.get_item_for(request.user, pk)
    return render(request, "workflows/printing/sheet.html", {"sheet": approval_sheet(item, request.user), "item": item})


@login_required
def sheet_download(request, pk):
    item = selectors.get_item_for(request.user, pk)
    return pdf_response(approval_sheet(item, request.user))
