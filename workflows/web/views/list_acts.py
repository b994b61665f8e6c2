"""名单 (区县推荐名单, 市局决定名单): per list step, the items waiting for the reader, and the form
that signs them as one ranked list. One call of workflows.engine.lists.step.act_on_list, whose
rules decide (standing on every task, one organisation, one campaign, the quota); the same
refusals as the API, in Chinese on the page, nothing written. A signed list prints as its
推荐汇总表 (HTML and PDF) and takes the stamped scan back (workflows.engine.lists.summary)."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import NotFound
from workflows.engine.files.uploads import attachment_response
from workflows.engine.lists import selectors, summary
from workflows.engine.lists.models import ListScan
from workflows.engine.lists.step import act_on_list
from workflows.engine.lists.summary_pdf import render_summary, summary_title
from workflows.web.list_act_forms import ScanForm, SignForm, ranked_items
from workflows.web.views.notices import run_form

SIGNED_SHOWN = 50


@login_required
def lists_page(request, sign_form=None, step_ref="", error="", status=200):
    """名单: every list step with items waiting for me, each with its form."""
    waiting = [(selectors.step_ref(waiting.step), waiting) for waiting in selectors.waiting_lists(request.user)]
    context = {"waiting": waiting, "form": SignForm(), "failed": (step_ref, sign_form), "error": error,
               "signed": signed_lists(request.user), "page_name": "todo"}
    return render(request, "workflows/lists/waiting.html", context, status=status)


@require_POST
@login_required
def sign(request):
    ref = request.POST.get("step", "")
    step = selectors.step_named(ref)
    if step is None:
        raise NotFound(_("没有这个名单步骤。"))
    form = SignForm(request.POST)
    items = ranked_items(request.POST)
    return run_form(
        request, lambda data: act_on_list(step=step, items=items, by=request.user, comment=data["comment"]),
        form=form, render_again=lambda **kw: lists_page(request, sign_form=form, step_ref=ref, **kw),
        success=lambda list_act: _("已签署“%(step)s”名单，共%(size)s项。") % {"step": list_act.step_title,
                                                                         "size": list_act.size},
        then=lambda list_act: redirect("workflows:lists"))


def signed_lists(user):
    """The signed lists `user` may read, newest first, with whether the stamped scan is in."""
    return (summary.readable_lists(user).select_related("organisation", "campaign__programme")
            .annotate(has_scan=Exists(ListScan.objects.filter(list_act=OuterRef("pk"))))[:SIGNED_SHOWN])


def _summary_context(request, list_act, *, scan_form=None, error=""):
    return {"summary": summary.summary_of(list_act), "title": summary_title(list_act),
            "scan_refusal": summary.scan_refusal(request.user, list_act), "scan_form": scan_form or ScanForm(),
            "error": error, "page_name": "todo"}


@login_required
def summary_page(request, pk, scan_form=None, error="", status=200):
    """推荐汇总表: the signed list as it is printed for the seal, and its stamped scan."""
    list_act = summary.list_for(request.user, pk)
    return render(request, "workflows/lists/summary.html",
                  _summary_context(request, list_act, scan_form=scan_form, error=error), status=status)


@login_required
def summary_pdf(request, pk):
    list_act = summary.list_for(request.user, pk)
    response = HttpResponse(render_summary(summary.summary_of(list_act)), content_type="application/pdf")
    name = f"{summary_title(list_act)}-{list_act.pk}.pdf"
    response["Content-Disposition"] = f"attachment; filename=\"list-{list_act.pk}.pdf\"; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
@login_required
def upload_scan(request, pk):
    summary.list_for(request.user, pk)  # 404 before reading the file
    form = ScanForm(request.POST, request.FILES)
    return run_form(
        request, lambda data: summary.upload_scan(list_act=pk, by=request.user, upload=data["file"]),
        form=form, render_again=lambda **kw: summary_page(request, pk, scan_form=form, **kw),
        success=lambda scan: _("已上传盖章扫描件“%(name)s”。") % {"name": scan.name},
        then=lambda scan: redirect("workflows:list-summary", pk=pk))


@login_required
def scan_download(request, pk):
    scan = summary.summary_of(summary.list_for(request.user, pk)).scan
    if scan is None:
        raise NotFound(_("该名单还没有上传盖章扫描件。"))
    return attachment_response(scan)
