"""The 数据导入 pages: each kind the user may import with its template and upload form, then a
job's page (progress while it runs, the report of errors, the summary, 确认导入)."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.imports import registry, services
from core.imports.forms import UploadForm
from core.imports.permissions import importable_kinds, may_use_imports
from core.imports.selectors import visible_jobs
from core.imports.template import workbook_bytes
from core.page_access import only_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
importer_required = only_for(may_use_imports, "imports/forbidden.html")


def _kind(request, code):
    try:
        kind = registry.get(code)
    except LookupError:
        raise Http404 from None
    if kind not in importable_kinds(request.user):
        raise PermissionDenied
    return kind


@importer_required
def imports_page(request, bound=None, status=200):
    kinds = importable_kinds(request.user)
    forms = [(kind, (bound or {}).get(kind.code) or UploadForm(kind=kind, user=request.user)) for kind in kinds]
    return render(request, "imports/index.html", {
        "forms": forms, "jobs": visible_jobs(request.user).select_related("owner", "scope")[:20],
    }, status=status)


@importer_required
def template_download(request, kind):
    kind = _kind(request, kind)
    response = HttpResponse(workbook_bytes(kind), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(str(kind.template_name))}.xlsx"
    return response


@require_POST
@importer_required
def upload(request, kind):
    kind = _kind(request, kind)
    form = UploadForm(request.POST, request.FILES, kind=kind, user=request.user)
    if form.is_valid():
        try:
            job = services.upload_import(kind=kind.code, upload=form.cleaned_data["file"], by=request.user,
                                         scope=form.cleaned_data.get("scope"))
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("imports:job", job.pk)
    return imports_page(request, bound={kind.code: form}, status=400)


@importer_required
def job_page(request, pk):
    job = get_object_or_404(visible_jobs(request.user).select_related("owner", "scope"), pk=pk)
    return render(request, "imports/job.html", {"job": job, "kind": registry.get(job.kind)})


@require_POST
@importer_required
def confirm(request, pk):
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    try:
        job = services.confirm_import(job=job, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if job.state == "done":
            messages.success(request, _("已导入：新增 %(created)d 条，更新 %(updated)d 条，未变 %(unchanged)d 条。") % job.summary)
    return redirect("imports:job", job.pk)
