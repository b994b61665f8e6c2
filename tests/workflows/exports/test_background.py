"""导出任务 (background exports), in process: started from the page (a POST) and the API, the rows
fixed in the asker's scope at the request, the worker's part run as a worker would (run_queued),
progress, the file against the page, the notification, refusals, expiry and failure."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEvent
from core.incidents.models import Incident
from core.incidents.services import retry_incident
from notifications.models import Notification
from tests.celery_queue import purge_queued, run_queued
from tests.workflows.exports.conftest import fresh_publishing, publishing_to, rows_in, rows_of
from tests.workflows.web.conftest import client_for, submitted_item
from workflows.engine.exports import services
from workflows.engine.exports.models import ExportJob, ExportState
from workflows.tasks import exports_daily
from workflows.web.exports import streaming

pytestmark = pytest.mark.django_db
TASK = services.TASK_NAME


@pytest.fixture(autouse=True)
def background_above_one(settings, media):
    """Two rows or more go to the background, so three items make a background export."""
    settings.EXPORTS_BACKGROUND_ABOVE = 1
    fresh_publishing()
    purge_queued()


def start_on_page(client, name="items", query=""):
    return client.post(reverse("workflows:export-start"), {"list": name, "query": query})


def finished(job) -> ExportJob:
    assert run_queued(TASK) == 1
    return ExportJob.objects.get(pk=job.pk)


def file_rows(job) -> list[list]:
    with job.file.open("rb") as handle:
        return rows_in(handle.read())


def test_a_long_list_offers_the_background_export_and_the_file_is_the_page(city, items, settings,
                                                                          django_capture_on_commit_callbacks):
    ours, theirs = items
    reviewer = client_for(city.reviewer)
    page = reviewer.get(reverse("workflows:items"), {"sort": "ref_no"}).content.decode()
    assert "后台导出 Excel" in page and "共 3 条" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = start_on_page(reviewer, query="sort=ref_no")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workflows:export-job", args=[job.pk])
    assert (job.owner, job.list_name, job.state, job.total, job.filters) == (
        city.reviewer, "items", ExportState.QUEUED, 3, {"sort": "ref_no"})
    assert job.row_ids == [item.pk for item in sorted(ours, key=lambda item: item.ref_no)]
    waiting = reviewer.get(reverse("workflows:export-job", args=[job.pk])).content.decode()
    assert "排队中" in waiting and "排序：按编号" in waiting and 'http-equiv="refresh"' in waiting
    assert "下载 Excel" not in waiting

    with django_capture_on_commit_callbacks(execute=True):
        job = finished(job)
    assert (job.state, job.done, job.written, job.percent) == (ExportState.DONE, 3, 3, 100)
    assert job.expires_at == job.finished_at + datetime.timedelta(days=settings.EXPORTS_KEEP_DAYS)
    # The same rows as the export one waits for, and as the page.
    settings.EXPORTS_BACKGROUND_ABOVE = 100
    assert file_rows(job) == rows_of(reviewer.get(reverse("workflows:items-export"), {"sort": "ref_no"}))
    assert [row[0] for row in file_rows(job)[1:]] == sorted(item.ref_no for item in ours)
    downloaded = reviewer.get(reverse("workflows:export-download", args=[job.pk]))
    assert rows_of(downloaded) == file_rows(job)
    assert "attachment" in downloaded["Content-Disposition"]
    assert AuditEvent.objects.filter(object_id=str(job.pk), action="export.downloaded", actor=city.reviewer).exists()
    # The owner is told, with a link to the job's page.
    note = Notification.objects.get(recipient=city.reviewer, kind="export_ready")
    assert note.link == reverse("workflows:export-job", args=[job.pk])
    assert note.params["title"] == "事项查询（3 条）"
    done_page = reviewer.get(reverse("workflows:export-job", args=[job.pk])).content.decode()
    assert "下载 Excel" in done_page and "已完成" in done_page and 'http-equiv="refresh"' not in done_page
    listing = reviewer.get(reverse("workflows:exports")).content.decode()
    assert reverse("workflows:export-download", args=[job.pk]) in listing


def test_the_scope_is_fixed_at_the_request_and_never_widened_in_the_worker(city, items):
    ours, theirs = items
    job, created = _start_api(city.reviewer, "items")
    # After the request: a new item comes into the reviewer's scope, and one of the three leaves
    # the list (the city reviewer's own export is unaffected).
    late = submitted_item(city, title="和平一校申报（后来的）")
    job = finished(job)
    refs = {row[0] for row in file_rows(job)[1:]}
    assert refs == {item.ref_no for item in ours}
    assert theirs.ref_no not in refs and late.ref_no not in refs
    # Another district's reviewer, same list: only their district's item.
    other, _created = _start_api(city.reviewer_b, "items")
    assert [row[0] for row in file_rows(finished(other))[1:]] == [theirs.ref_no]
    # The whole city sees all four.
    city_wide, _created = _start_api(city.city, "items")
    assert len(file_rows(finished(city_wide))) == 1 + 5


def test_a_row_that_left_the_list_is_left_out_not_replaced(city, items):
    from tests.workflows.engine.conftest import open_task
    from workflows.engine import services as engine

    ours, theirs = items
    job, _created = _start_api(city.reviewer, "claimable")
    engine.claim_task(task=open_task(ours[0]), by=city.reviewer2)  # no longer claimable by anyone
    job = finished(job)
    assert (job.total, job.written) == (3, 2)
    assert {row[0] for row in file_rows(job)[1:]} == {ours[1].ref_no, ours[2].ref_no}
    page = client_for(city.reviewer).get(reverse("workflows:export-job", args=[job.pk])).content.decode()
    assert "写入 2 条" in page


def _start_api(user, name, filters=None):
    from django.db import transaction

    from workflows.web.exports import background

    with transaction.atomic():
        job, created = background.start(user=user, name=name, params=filters or {})
    # on_commit does not fire inside the test's transaction: queue as the commit would.
    services.queue(job.pk)
    return job, created


def test_progress_is_reported_chunk_by_chunk(city, items, monkeypatch):
    monkeypatch.setattr(streaming, "CHUNK", 1)
    seen = []
    report = services.report_progress

    def watched(job_id, done):
        report(job_id, done)
        seen.append(ExportJob.objects.get(pk=job_id).done)

    monkeypatch.setattr(services, "report_progress", watched)
    job, _created = _start_api(city.reviewer, "items")
    assert finished(job).state == ExportState.DONE
    assert seen == [1, 2, 3]


def test_the_api_starts_reads_and_downloads(city, items, django_capture_on_commit_callbacks):
    api = client_for(city.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post("/api/v1/exports/", {"list": "items", "filters": {"q": "申报1"}}, content_type="application/json")
    assert started.status_code == 202, started.content
    body = started.json()
    assert (body["state"], body["total"], body["file_url"], body["filters"]) == ("queued", 1, "", {"q": "申报1"})
    again = api.post("/api/v1/exports/", {"list": "items", "filters": {"q": "申报1"}}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]  # the same job, not a second
    assert api.get(f"/api/v1/exports/{body['id']}/file/").status_code == 409
    finished(ExportJob.objects.get(pk=body["id"]))
    status = api.get(f"/api/v1/exports/{body['id']}/").json()
    assert (status["state"], status["done"], status["percent"]) == ("done", 1, 100)
    rows = rows_of(api.get(status["file_url"]))
    assert [row[1] for row in rows[1:]] == ["和平一校申报1"]
    assert [job["id"] for job in api.get("/api/v1/exports/").json()["results"]] == [body["id"]]


def test_bad_input_is_refused_in_chinese_and_writes_nothing(city, items, settings):
    api = client_for(city.reviewer)
    bad_date = api.post("/api/v1/exports/", {"list": "items", "filters": {"created_after": "明天"}},
                        content_type="application/json")
    assert bad_date.status_code == 400 and "created_after" in bad_date.json()["fields"]
    assert "日期" in bad_date.json()["fields"]["created_after"][0]
    unknown = api.post("/api/v1/exports/", {"list": "everything"}, content_type="application/json")
    assert unknown.status_code == 400 and "list" in unknown.json()["fields"]
    nothing = api.post("/api/v1/exports/", {"list": "items", "filters": {"q": "不存在的学校"}},
                       content_type="application/json")
    assert nothing.status_code == 400 and nothing.json()["detail"] == "没有符合条件的记录，无需导出。"
    settings.EXPORTS_MAX_ROWS = 2
    too_many = api.post("/api/v1/exports/", {"list": "items"}, content_type="application/json")
    assert too_many.status_code == 400 and "一次最多导出 2 条" in too_many.json()["detail"]
    form = api.post("/api/v1/exports/", {"list": "items", "filters": '{"q": "x"}'})  # multipart: not JSON
    assert form.status_code == 415
    page = start_on_page(api, query="created_after=明天")
    assert page.status_code == 302 and page["Location"].startswith(reverse("workflows:items"))
    assert ExportJob.objects.count() == 0 and not AuditEvent.objects.filter(action="export.started").exists()


def test_one_person_has_at_most_the_limit_under_way(city, items, settings):
    settings.EXPORTS_ACTIVE_PER_USER = 2
    api = client_for(city.reviewer)
    for q in ("申报0", "申报1"):
        assert api.post("/api/v1/exports/", {"list": "items", "filters": {"q": q}},
                        content_type="application/json").status_code == 202
    third = api.post("/api/v1/exports/", {"list": "items", "filters": {"q": "申报2"}}, content_type="application/json")
    assert third.status_code == 400 and third.json()["detail"] == "您已有 2 个导出任务正在进行，请等其完成后再导出。"
    assert ExportJob.objects.count() == 2


def test_expired_files_are_deleted_by_the_beat(city, items, django_capture_on_commit_callbacks):
    job = finished(_start_api(city.reviewer, "items")[0])
    path = job.file.path
    owner = client_for(city.reviewer)
    assert exports_daily(now=(job.expires_at - datetime.timedelta(minutes=1)).isoformat()) == {"expired": 0, "stale": 0}
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row says so
        assert exports_daily(now=job.expires_at.isoformat()) == {"expired": 1, "stale": 0}
    job.refresh_from_db()
    assert job.state == ExportState.EXPIRED and not job.file and not os.path.exists(path)
    gone = owner.get(reverse("workflows:export-download", args=[job.pk]), follow=True)
    assert "导出文件已过期并已删除，请重新导出。" in gone.content.decode()
    assert owner.get(f"/api/v1/exports/{job.pk}/file/").status_code == 409
    assert exports_daily(now=job.expires_at.isoformat()) == {"expired": 0, "stale": 0}  # twice: nothing more


def test_a_job_that_lost_its_worker_is_stopped_with_a_reason(city, items):
    job, _created = _start_api(city.reviewer, "items")
    purge_queued()  # the broker lost it
    later = timezone.now() + services.STALE_AFTER + datetime.timedelta(minutes=1)
    assert exports_daily(now=later.isoformat()) == {"expired": 0, "stale": 1}
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and "长时间未完成" in job.reason_text


def test_a_failure_in_the_worker_says_why_and_raises_an_incident(city, items, settings, tmp_path):
    job, _created = _start_api(city.reviewer, "items")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker)  # the storage cannot write there
    job = finished(job)
    assert job.state == ExportState.FAILED and job.reason_text.startswith("生成文件时出错")
    incident = Incident.objects.get(kind=services.INCIDENT_KIND, key=str(job.pk))
    assert "导出任务失败" in incident.title and incident.payload == {"job": job.pk}
    note = Notification.objects.get(recipient=city.reviewer, kind="export_failed")
    assert note.params["comment"] == job.reason
    page = client_for(city.reviewer).get(reverse("workflows:export-job", args=[job.pk])).content.decode()
    assert "导出失败：生成文件时出错" in page
    # The administrator fixes the storage and retries the incident: the job runs again.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    retry_incident(incident, by=None)
    assert ExportJob.objects.get(pk=job.pk).state == ExportState.QUEUED


def test_a_broker_that_refuses_fails_the_job_at_once(city, items, settings):
    """Redis down when the job is handed over: the owner sees 失败 with the reason, not a bar
    that never moves."""
    from tests.notifications.reliability.processes import free_port

    from workflows.web.exports import background

    job, _created = background.start(user=city.reviewer, name="items", params={})
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0", settings.REDIS_TRANSPORT_OPTIONS):
        services.queue(job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and job.reason_text.startswith("后台任务服务暂时不可用")
    assert Incident.objects.filter(kind=services.INCIDENT_KIND, key=str(job.pk)).exists()


def test_the_daily_cleanup_is_on_the_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    from workflows.engine.exports import beat

    entry = PeriodicTask.objects.get(name=beat.PERIODIC_TASK_NAME)
    assert (entry.task, entry.enabled, entry.crontab.hour, entry.crontab.minute) == (beat.TASK_NAME, True, "3", "20")
