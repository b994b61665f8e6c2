"""An import's life: upload (checked, then the dry run), confirm (written all or nothing, one
audit event). Small files run in the request; larger ones in a Celery worker (core.imports.tasks),
the page and the API reading the job's progress.

    upload_import(kind=, upload=, by=, scope=)  → job: ready (summary) or invalid (report), or queued
    confirm_import(job=, by=)                   → job: done, or writing in the background
"""

import logging
import uuid

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit.services import record_event
from core.imports import checking, registry
from core.imports.files import check_workbook
from core.imports.models import ImportJob, ImportState

logger = logging.getLogger(__name__)

CHECK_TASK = "core.import_check"
WRITE_TASK = "core.import_write"
QUEUE_FAILED = gettext_noop("无法提交给后台处理（消息队列不可用），请稍后重新上传。")
WRITE_FAILED = gettext_noop("写入时出错，未导入任何数据。请重新上传；如仍失败，请联系系统管理员。")


def background_above() -> int:
    """Files with more data rows than this are checked and written by a worker."""
    return settings.IMPORTS_BACKGROUND_ABOVE


def upload_import(*, kind: str, upload, by, scope=None) -> ImportJob:
    import_kind = registry.get(kind)
    if not import_kind.may_import(by, scope):
        raise PermissionDenied(_("您无权导入%(kind)s。") % {"kind": import_kind.label})
    check_workbook(upload)
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                kind=kind, owner=by, scope=scope, file_name=upload.name[:255],
                file=File(upload, name=f"{uuid.uuid4().hex}.xlsx"),
            )
    except IntegrityError:
        raise _busy(import_kind) from None
    if _row_estimate(job) > background_above():
        _queue(CHECK_TASK, job.pk)
    else:
        run_check(job.pk)
        job.refresh_from_db()
    return job


def run_check(job_id: int) -> None:
    """The dry run of a queued job (in the request or a worker). Safe to run twice: only a queued
    job (or one left checking by a worker that died) is checked."""
    updated = ImportJob.objects.filter(pk=job_id, state__in=[ImportState.QUEUED, ImportState.CHECKING]).update(
        state=ImportState.CHECKING, checked=0)
    if not updated:
        return
    job = ImportJob.objects.select_related("scope").get(pk=job_id)
    result = _check(job)
    job.total, job.checked = result.total, result.total
    job.errors, job.error_count, job.summary = result.errors, result.error_count, result.summary
    job.state = ImportState.INVALID if result.error_count else ImportState.READY
    job.finished_at = timezone.now() if result.error_count else None
    job.save(update_fields=["total", "checked", "errors", "error_count", "summary", "state", "finished_at"])


def confirm_import(*, job: ImportJob, by) -> ImportJob:
    """Write a job whose dry run passed. Only its owner confirms; a second import of the kind
    while one writes is refused."""
    if job.owner_id != by.pk:
        raise PermissionDenied(_("只有上传者本人可以确认导入。"))
    try:
        with transaction.atomic():
            changed = ImportJob.objects.filter(pk=job.pk, state=ImportState.READY).update(
                state=ImportState.WRITING, checked=0)
    except IntegrityError:
        raise _busy(registry.get(job.kind)) from None
    if not changed:
        job.refresh_from_db()
        raise ValidationError(_("这次导入的状态是“%(state)s”，不能确认。") % {"state": job.get_state_display()},
                              code="import_state")
    if job.total > background_above():
        _queue(WRITE_TASK, job.pk)
    else:
        run_write(job.pk)
    job.refresh_from_db()
    return job


def run_write(job_id: int) -> None:
    """Check the file again against the data as it is now, then write every row in one
    transaction with one audit event. A row gone wrong since the dry run makes the job invalid
    again, with the report; an error while writing fails it. Either way nothing is written."""
    job = ImportJob.objects.select_related("scope", "owner").filter(pk=job_id, state=ImportState.WRITING).first()
    if job is None:
        return
    kind = registry.get(job.kind)
    result = _check(job)
    try:
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().filter(pk=job_id, state=ImportState.WRITING).first()
            if locked is None:
                return
            if not result.error_count:
                kind.write(creates=result.creates, updates=result.updates, by=job.owner, scope=job.scope,
                           context=result.context)
                record_event(
                    action="imports.committed", target=locked, actor=job.owner, organisation=job.scope,
                    data={"kind": job.kind, "file": job.file_name, "rows": result.total, **result.summary},
                )
            locked.total, locked.checked, locked.finished_at = result.total, result.total, timezone.now()
            locked.errors, locked.error_count, locked.summary = result.errors, result.error_count, result.summary
            locked.state = ImportState.INVALID if result.error_count else ImportState.DONE
            locked.save()
    except Exception:  # noqa: BLE001 - logged with its trace; the job says it failed and nothing was written
        logger.exception("Import job %s failed while writing", job_id)
        ImportJob.objects.filter(pk=job_id).update(state=ImportState.FAILED, reason=WRITE_FAILED,
                                                   finished_at=timezone.now())


def _check(job: ImportJob) -> checking.CheckResult:
    def progress(rows: int) -> None:
        # Autocommitted at once: the owner's page reads it while the worker goes on.
        ImportJob.objects.filter(pk=job.pk).update(checked=rows)

    with job.file.open("rb") as handle:
        return checking.check(registry.get(job.kind), handle, job.scope, progress=progress)


def _row_estimate(job: ImportJob) -> int:
    """The first sheet's declared size (its dimension), without reading the rows."""
    from openpyxl import load_workbook

    with job.file.open("rb") as handle:
        workbook = load_workbook(handle, read_only=True)
        try:
            job.total = max((workbook.worksheets[0].max_row or 1) - 1, 0)
        finally:
            workbook.close()
    ImportJob.objects.filter(pk=job.pk).update(total=job.total)
    return job.total


def _queue(task: str, job_id: int) -> None:
    def send():
        try:
            current_app.send_task(task, kwargs={"job": job_id})
        except Exception:  # noqa: BLE001 - any broker failure: the owner must not watch a bar that never moves
            logger.warning("Could not queue import job %s", job_id, exc_info=True)
            ImportJob.objects.filter(pk=job_id).update(state=ImportState.FAILED, reason=QUEUE_FAILED,
                                                       finished_at=timezone.now())

    transaction.on_commit(send)


def _busy(kind) -> ValidationError:
    return ValidationError(_("另一个%(kind)s导入正在进行，请等它完成后再导入。") % {"kind": kind.label}, code="import_busy")
