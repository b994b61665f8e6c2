"""导出任务's two ends: at the request, the rows are fixed in the asker's scope (the page's spec,
filters and sort: `start`); in the worker, they are written to the file (`run`), reporting progress
as it goes. A failure becomes the job's Chinese reason and an incident (services.fail)."""

import logging
import tempfile

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.choices import flatten_choices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from django.http import QueryDict
from django.urls import reverse

from workflows.engine.exports import services
from workflows.programmes import exports as campaign_exports
from workflows.web.exports.columns import TITLES
from workflows.web.exports.streaming import snapshot, write_list
from workflows.web.forms import ItemFilterForm
from workflows.web.views.lists import LISTS

logger = logging.getLogger(__name__)

TOO_LONG = gettext_noop("导出用时超过上限，已停止：请缩小筛选范围后重新导出。")
BROKE = gettext_noop("生成文件时出错，没有生成文件：请稍后重新导出；问题已报告系统管理员。")


def filter_form(name: str, params) -> ItemFilterForm:
    """The list's filter form on `params` (a QueryDict or a plain dict); check .is_valid()."""
    return ItemFilterForm(params, sorts=LISTS[name].sorts)


def ordered_rows(name: str, form: ItemFilterForm, user):
    """The list's rows for `user` under the valid `form`: the very queryset its page shows."""
    spec = LISTS[name]
    return form.sorter()(spec.apply_filters(spec.queryset(user), form.cleaned_data))


def start(*, user, name: str, params: dict):
    """Start (or find, if the same is already under way) the background export of list `name`
    under `params` (its page's query: filters and sort). A bad filter is a ValidationError with
    the form's field errors; nothing is written. Returns (job, created)."""
    if name not in LISTS:
        raise ValidationError({"list": [ValidationError(_("未知的列表。"), code="invalid")]})
    form = filter_form(name, params)
    if not form.is_valid():
        raise form_error(form)
    ids = snapshot(ordered_rows(name, form, user), settings.EXPORTS_MAX_ROWS)
    # In the form's field order, so that the same filters are the same JSON on every database.
    kept = {key: params[key] for key in form.fields if params.get(key) not in ("", None)}
    return services.start_job(owner=user, list_name=name, title=str(TITLES[name]), filters=kept, row_ids=ids)


def back_link(job) -> str:
    """Where the job was asked from: its list page with the filters, or its campaign's overview."""
    if job.list_name in campaign_exports.EXPORTS:
        return reverse("workflows:campaign-overview", args=[job.filters.get("campaign")])
    query = QueryDict(mutable=True)
    query.update(job.filters)
    return f"{reverse(f'workflows:{job.list_name}')}?{query.urlencode()}"


def filter_summary(job) -> list[tuple[str, str]]:
    """(label, value) of each filter the job was asked with, in words (区县: 和平区, 排序: 按编号)."""
    if job.list_name in campaign_exports.EXPORTS:
        return [(_("申报批次编号"), str(job.filters.get("campaign", "")))]
    form = filter_form(job.list_name, job.filters)
    form.is_valid()
    shown = []
    for name, field in form.fields.items():
        raw = job.filters.get(name)
        if raw in (None, ""):
            continue
        value = form.cleaned_data.get(name, raw) if hasattr(form, "cleaned_data") else raw
        if getattr(field, "choices", None) is not None and not hasattr(field, "queryset"):
            value = dict(flatten_choices(field.choices)).get(raw, raw)
        elif value is True:
            value = _("是")
        shown.append((str(field.label), str(value)))
    return shown


def form_error(form) -> ValidationError:
    return ValidationError({field: [ValidationError(str(message), code="invalid") for message in messages]
                            for field, messages in form.errors.items()})


def run(job_id: int) -> str:
    """The worker's part. Returns the job's state afterwards."""
    job = services.begin(job_id)
    if job is None:
        return "skipped"
    try:
        with tempfile.TemporaryFile(suffix=".xlsx") as out:
            progress = lambda done: services.report_progress(job.pk, done)  # noqa: E731
            if job.list_name in campaign_exports.EXPORTS:
                written = campaign_exports.write_job(out, job, progress=progress)
            else:
                written = write_list(out, name=job.list_name, user=job.owner, ids=job.row_ids, progress=progress)
            out.seek(0)
            finished = services.finish(job.pk, name=f"export-{job.pk}.xlsx", content=File(out), written=written)
    except SoftTimeLimitExceeded:
        services.fail(job.pk, reason=TOO_LONG, detail="soft time limit exceeded")
        return "failed"
    except Exception as exc:  # noqa: BLE001 - whatever broke, the owner is told and an incident raised
        logger.exception("Export job %s failed", job_id)
        services.fail(job.pk, reason=BROKE, detail=f"{type(exc).__name__}: {exc}")
        return "failed"
    return "done" if finished else "skipped"
