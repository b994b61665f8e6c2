"""What an export job tells its owner, through notifications' write-only API, in the job's
transaction: the file is ready (with the link to the job's page, where the download is), or it
failed and why. Keys "export:<id>:done" / "export:<id>:failed:<attempt>": each is said once."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from notifications import api
from workflows.engine import message_kinds as kinds

READY = gettext_noop("导出文件已生成，请在有效期内下载。")
FAILED = gettext_noop("导出失败，没有生成文件。")


def job_link(job) -> str:
    return reverse("workflows:export-job", args=[job.pk])


def _title(job) -> str:
    # Stored with the message, so in the site's language (as an item's title is).
    with override(settings.LANGUAGE_CODE):
        return _("%(list)s（%(count)s 条）") % {"list": _(job.title), "count": job.total}


def tell_ready(job) -> None:
    api.notify(key=f"export:{job.pk}:done", recipient=job.owner, kind=kinds.EXPORT_READY, link=job_link(job),
               params={"title": _title(job), "happened": READY, "export": job.pk})


def tell_failed(job) -> None:
    api.notify(key=f"export:{job.pk}:failed:{job.attempts}", recipient=job.owner, kind=kinds.EXPORT_FAILED,
               link=job_link(job), params={"title": _title(job), "happened": FAILED, "comment": job.reason,
                                           "comment_label": gettext_noop("失败原因"), "export": job.pk})
