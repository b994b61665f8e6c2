"""Who may see, start and download a background export: the one place of these rules, for the
pages and the API alike.

- A job is its owner's alone: anyone else, a colleague of the same organisation and an
  administrator included, is told it was not found (404). What it holds was the owner's scope.
- Starting: at least one row, at most EXPORTS_MAX_ROWS, and no more than
  EXPORTS_ACTIVE_PER_USER of one's jobs queued or running at once.
- Downloading: the owner, once the file is done and until it expires."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.engine.exceptions import Conflict, NotFound
from workflows.engine.exports.models import ACTIVE_STATES, ExportJob, ExportState


def needs_background(count: int) -> bool:
    """Whether a list of `count` rows is exported in the background rather than while one waits."""
    return count > settings.EXPORTS_BACKGROUND_ABOVE


def my_jobs(user):
    """`user`'s export jobs, newest first (without the row ids: a list never needs them)."""
    if not getattr(user, "is_authenticated", False):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(owner=user).defer("row_ids")


def job_for(user, pk) -> ExportJob:
    """The job `pk` if it is `user`'s; else NotFound (also when it does not exist)."""
    try:
        return my_jobs(user).get(pk=int(pk))
    except (ExportJob.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到该导出任务，或您无权查看。")) from None


def start_refusal(user, count: int) -> str:
    """Why `user` may not start a background export of `count` rows now, or ""."""
    if count <= 0:
        return _("没有符合条件的记录，无需导出。")
    if count > settings.EXPORTS_MAX_ROWS:
        return _("符合条件的记录有 %(count)s 条，一次最多导出 %(limit)s 条：请缩小筛选范围后再导出。") % {
            "count": count, "limit": settings.EXPORTS_MAX_ROWS}
    active = ExportJob.objects.filter(owner=user, state__in=ACTIVE_STATES).count()
    if active >= settings.EXPORTS_ACTIVE_PER_USER:
        return _("您已有 %(count)s 个导出任务正在进行，请等其完成后再导出。") % {"count": active}
    return ""


def download_refusal(job: ExportJob, now=None) -> str:
    """Why the owner cannot download `job`'s file now, or ""."""
    if job.state == ExportState.EXPIRED or (job.expires_at and job.expires_at <= (now or timezone.now())):
        return _("导出文件已过期并已删除，请重新导出。")
    if job.state == ExportState.FAILED:
        return _("导出失败，没有生成文件：%(reason)s") % {"reason": job.reason_text}
    if job.state != ExportState.DONE or not job.file:
        return _("文件尚未生成，请稍候。")
    return ""


def downloadable(user, pk) -> ExportJob:
    """The owner's finished job with its file; NotFound for anyone else, Conflict when not ready."""
    job = job_for(user, pk)
    refusal = download_refusal(job)
    if refusal:
        raise Conflict(refusal)
    return job
