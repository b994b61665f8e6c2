"""导出任务: start a background export from a list page (a POST carrying the page's query), the
list of one's jobs, a job's page with its progress bar (static/js/export_progress.js polls the
API; without JS the page refreshes itself), and the download. Only the owner sees a job
(workflows.engine.exports.rules): anyone else gets 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflows.engine.exceptions import Conflict
from workflows.engine.exports import rules, services
from workflows.web.exports import background
from workflows.web.exports.workbook import XLSX
from workflows.web.views.lists import LISTS


@login_required
@require_POST
def start(request):
    name, query = request.POST.get("list", ""), request.POST.get("query", "")
    if name not in LISTS:
        messages.error(request, _("未知的列表。"))
        return redirect("workflows:exports")
    back = f"{reverse(f'workflows:{name}')}?{query}"
    try:
        job, created = background.start(user=request.user, name=name, params=QueryDict(query).dict())
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(back)
    if created:
        messages.success(request, _("已开始在后台导出，共 %(count)s 条；完成后会通知您。") % {"count": job.total})
    else:
        messages.info(request, _("同样条件的导出正在进行，请等候它完成。"))
    return redirect("workflows:export-job", pk=job.pk)


@login_required
def job_list(request):
    jobs = list(rules.my_jobs(request.user)[:50])
    return render(request, "workflows/exports/list.html", {
        "jobs": jobs, "page_name": "exports", "keep_days": settings.EXPORTS_KEEP_DAYS,
        "any_active": any(job.is_active for job in jobs)})


@login_required
def job_page(request, pk):
    job = rules.job_for(request.user, pk)
    return render(request, "workflows/exports/job.html", {
        "job": job, "page_name": "exports", "filters": background.filter_summary(job),
        "refusal": rules.download_refusal(job), "back": background.back_link(job)})


@login_required
def download(request, pk):
    try:
        job, handle = services.download(job=pk, by=request.user)
    except Conflict as refused:
        messages.error(request, refused.message)
        return redirect("workflows:export-job", pk=pk)
    return FileResponse(handle, as_attachment=True, filename=job.file_name, content_type=XLSX)
