"""State changes of an export job, one function each, each in one transaction and audited:
started (by its owner), running, done or failed (by the worker), downloaded, expired (by the
beat). The worker's body, which writes the rows, is workflows.web.exports.background."""

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit.services import record_event
from core.incidents.services import raise_incident
from workflows.engine.exceptions import Conflict
from workflows.engine.exports import messages, rules
from workflows.engine.exports.models import ACTIVE_STATES, ExportJob, ExportState

logger = logging.getLogger(__name__)

TASK_NAME = "workflows.export_run"
INCIDENT_KIND = "export_failed"
# A job queued or running this long has lost its worker for good (acks_late redelivers a job
# whose worker died, so this is the broker losing it too): the beat says so to its owner.
STALE_AFTER = datetime.timedelta(hours=6)
STALE_REASON = gettext_noop("导出任务长时间未完成（后台服务可能中断），已停止：请重新导出。")
QUEUE_FAILED = gettext_noop("后台任务服务暂时不可用，导出未能开始：请稍后重试。")


@transaction.atomic
def start_job(*, owner, list_name: str, title: str, filters: dict, row_ids: list[int]) -> tuple[ExportJob, bool]:
    """Queue the export of `row_ids` (the page's rows, in its order, read in `owner`'s scope just
    now) for `owner`. The same list with the same filters already queued or running is that job
    (a double click starts one); returns (job, created). Refused with a Chinese ValidationError,
    writing nothing, by rules.start_refusal."""
    # Serialise one person's starts: two clicks at once see each other's job (dedup and the limit).
    get_user_model().objects.select_for_update().filter(pk=owner.pk).exists()
    same = rules.my_jobs(owner).filter(list_name=list_name, filters=filters, state__in=ACTIVE_STATES).first()
    if same is not None:
        return same, False
    refusal = rules.start_refusal(owner, len(row_ids))
    if refusal:
        raise ValidationError(refusal, code="export_refused")
    job = ExportJob.objects.create(owner=owner, list_name=list_name, title=title, filters=filters,
                                   row_ids=list(row_ids), total=len(row_ids))
    record_event(action="export.started", target=job, actor=owner, to_status=ExportState.QUEUED,
                 data={"list": list_name, "filters": filters, "total": job.total})
    transaction.on_commit(lambda: queue(job.pk))
    return job, True


def queue(job_id: int) -> None:
    """Hand the job to a worker (after commit). A broker that refuses fails the job at once, with
    the reason, rather than leaving its owner watching a bar that never moves."""
    try:
        current_app.send_task(TASK_NAME, kwargs={"job": job_id})
    except Exception as exc:  # noqa: BLE001 - any broker failure
        logger.warning("Could not queue export job %s", job_id, exc_info=True)
        fail(job_id, reason=QUEUE_FAILED, detail=f"{type(exc).__name__}: {exc}")


@transaction.atomic
def begin(job_id: int) -> ExportJob | None:
    """The worker takes the job: queued (or running, when a worker died and the broker gave it
    again) → running, from its first row. None when there is nothing to do (done, failed, gone)."""
    job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.state not in ACTIVE_STATES:
        return None
    first = job.state == ExportState.QUEUED
    job.state, job.done, job.attempts, job.started_at = ExportState.RUNNING, 0, job.attempts + 1, timezone.now()
    job.save(update_fields=["state", "done", "attempts", "started_at"])
    if first:
        record_event(action="export.running", target=job, from_status=ExportState.QUEUED,
                     to_status=ExportState.RUNNING)
    return job


def report_progress(job_id: int, done: int) -> None:
    """Rows done so far (committed at once: the owner's page reads it while the worker goes on)."""
    ExportJob.objects.filter(pk=job_id, state=ExportState.RUNNING).update(done=done)


@transaction.atomic
def finish(job_id: int, *, name: str, content, written: int) -> bool:
    """The file is written: store it, done, tell the owner. False when the job is no longer
    running (another attempt finished it, or it was failed meanwhile): nothing is stored."""
    job = ExportJob.objects.select_for_update().filter(pk=job_id, state=ExportState.RUNNING).first()
    if job is None:
        return False
    now = timezone.now()
    job.file.save(name, content, save=False)
    job.state, job.done, job.written = ExportState.DONE, job.total, written
    job.finished_at, job.expires_at = now, now + datetime.timedelta(days=settings.EXPORTS_KEEP_DAYS)
    job.save(update_fields=["file", "state", "done", "written", "finished_at", "expires_at"])
    record_event(action="export.done", target=job, from_status=ExportState.RUNNING, to_status=ExportState.DONE,
                 data={"written": written, "total": job.total})
    messages.tell_ready(job)
    return True


@transaction.atomic
def fail(job_id: int, *, reason: str, detail: str = "") -> bool:
    """The job failed: `reason` (a msgid, Chinese) for its owner, `detail` for the incident an
    administrator sees. False when it was not queued or running."""
    job = ExportJob.objects.select_for_update().filter(pk=job_id, state__in=ACTIVE_STATES).first()
    if job is None:
        return False
    was = job.state
    # The msgid (Chinese) is stored: each reader sees it in their language (ExportJob.reason_text).
    job.state, job.reason, job.finished_at = ExportState.FAILED, reason, timezone.now()
    job.save(update_fields=["state", "reason", "finished_at"])
    record_event(action="export.failed", target=job, from_status=was, to_status=ExportState.FAILED,
                 comment=reason)
    raise_incident(kind=INCIDENT_KIND, key=str(job.pk), title=_("导出任务失败：%(title)s（%(owner)s）") % {
        "title": job.title, "owner": job.owner}, detail=detail or reason, payload={"job": job.pk})
    messages.tell_failed(job)
    return True


def retry_failed(incident) -> None:
    """The incident's retry: the failed job queued again from its first row (its rows unchanged)."""
    job = ExportJob.objects.select_for_update().get(pk=incident.payload["job"])
    if job.state != ExportState.FAILED:
        raise ValidationError(_("该导出任务不是失败状态，无需重试。"))
    job.state, job.reason, job.done, job.finished_at = ExportState.QUEUED, "", 0, None
    job.save(update_fields=["state", "reason", "done", "finished_at"])
    record_event(action="export.requeued", target=job, from_status=ExportState.FAILED, to_status=ExportState.QUEUED)
    transaction.on_commit(lambda: queue(job.pk))


def download(*, job, by):
    """The owner's finished file, opened: (job, file). NotFound for anyone else, Conflict when it
    is not ready or gone. Who took it away, and when, is audited (an export is data leaving)."""
    job = rules.downloadable(by, job)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Conflict(_("导出文件已不存在，请重新导出。")) from None
    record_event(action="export.downloaded", target=job, actor=by)
    return job, handle


def expire_due(*, now: datetime.datetime | None = None) -> dict:
    """The beat's cleanup: delete the files of the jobs past their expiry (the row stays, expired),
    and stop the jobs queued or running for longer than STALE_AFTER. Safe to run twice at once:
    each job is changed under its lock and re-checked there."""
    now = now or timezone.now()
    expired = stale = 0
    for pk in ExportJob.objects.filter(state=ExportState.DONE, expires_at__lte=now).values_list("pk", flat=True):
        expired += _expire(pk, now)
    for pk in ExportJob.objects.filter(state__in=ACTIVE_STATES, created_at__lte=now - STALE_AFTER).values_list(
            "pk", flat=True):
        stale += fail(pk, reason=STALE_REASON)
    return {"expired": expired, "stale": stale}


@transaction.atomic
def _expire(pk: int, now) -> int:
    job = ExportJob.objects.select_for_update().filter(pk=pk, state=ExportState.DONE, expires_at__lte=now).first()
    if job is None:
        return 0
    name = job.file.name
    job.state, job.file = ExportState.EXPIRED, ""
    job.save(update_fields=["state", "file"])
    record_event(action="export.expired", target=job, from_status=ExportState.DONE, to_status=ExportState.EXPIRED)
    if name:
        storage = job.file.storage
        # Deleted once the row says so: a failed commit leaves the file for the next run.
        transaction.on_commit(lambda: storage.delete(name))
    return 1
