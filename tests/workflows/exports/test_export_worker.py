"""导出任务 with a real Celery worker process on a private Redis: the job asked for over the API
is written by the worker, its progress and file read back here; a worker whose storage fails
marks the job failed with the Chinese reason and raises an incident."""

import shutil

import pytest
from django.conf import settings
from django.utils import timezone

from core.calendar import install_test_calendar
from core.incidents.models import Incident
from notifications.models import Notification
from tests.city import build_city
from tests.conftest import need
from tests.notifications.reliability.processes import RedisServer, Worker, wait_for
from tests.workflows.exports.conftest import publishing_to, rows_in, rows_of
from tests.workflows.web.conftest import client_for, submitted_item
from workflows.engine.exports import services
from workflows.engine.exports.models import ExportJob, ExportState

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_url(tmp_path, on_postgres):
    need(shutil.which("redis-server") is not None and shutil.which("redis-cli") is not None,
         "redis-server and redis-cli are not installed")
    install_test_calendar([timezone.localdate().year, timezone.localdate().year + 1])
    server = RedisServer(tmp_path)
    server.start()
    try:
        with publishing_to(server.url, settings.REDIS_TRANSPORT_OPTIONS):
            yield server.url
    finally:
        server.stop()


@pytest.fixture
def worker(tmp_path, redis_url):
    """start(media_root) → a worker process writing its files under `media_root`."""
    started = []

    def start(media_root):
        (tmp_path / "control").mkdir(exist_ok=True)
        one = Worker(tmp_path, broker_url=redis_url, broker_options=settings.REDIS_TRANSPORT_OPTIONS,
                     mailbox=tmp_path / "mailbox.jsonl", control=tmp_path / "control")
        one.env["MEDIA_ROOT"] = str(media_root)
        started.append(one)
        return one.start()

    yield start
    for one in started:
        one.stop()


@pytest.fixture
def district(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    city = build_city()
    ours = [submitted_item(city, title=f"和平一校申报{n}") for n in range(3)]
    return city, ours


def start_over_api(user) -> dict:
    response = client_for(user).post("/api/v1/exports/", {"list": "items", "filters": {"sort": "ref_no"}},
                                     content_type="application/json")
    assert response.status_code == 202, response.content
    return response.json()


def test_a_real_worker_writes_the_file(district, worker, tmp_path):
    city, ours = district
    running = worker(tmp_path / "media")
    job = start_over_api(city.reviewer)
    owner = client_for(city.reviewer)

    def state():
        return owner.get(f"/api/v1/exports/{job['id']}/").json()

    seen = wait_for(lambda: state()["state"] in ("done", "failed") and state(), timeout=60,
                    what=f"the worker to finish the export\n{running.log()[-2000:]}")
    assert (seen["state"], seen["done"], seen["total"], seen["percent"]) == ("done", 3, 3, 100), seen
    rows = rows_of(owner.get(seen["file_url"]))
    assert rows[0][:3] == ["编号", "事项", "类别"]
    assert [row[0] for row in rows[1:]] == sorted(item.ref_no for item in ours)
    saved = ExportJob.objects.get(pk=job["id"])
    with saved.file.open("rb") as handle:
        assert rows_in(handle.read()) == rows
    assert Notification.objects.filter(recipient=city.reviewer, kind="export_ready").count() == 1
    assert client_for(city.reviewer2).get(seen["file_url"]).status_code == 404
    assert "workflows.export_run" in running.log()


def test_a_worker_whose_storage_fails_marks_the_job_failed(district, worker, tmp_path):
    city, _ours = district
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    running = worker(blocker)
    job = start_over_api(city.reviewer)
    failed = wait_for(lambda: ExportJob.objects.filter(pk=job["id"], state=ExportState.FAILED).first(), timeout=60,
                      what=f"the export to fail\n{running.log()[-2000:]}")
    assert failed.reason_text == "生成文件时出错，没有生成文件：请稍后重新导出；问题已报告系统管理员。"
    incident = Incident.objects.get(kind=services.INCIDENT_KIND, key=str(failed.pk))
    assert "NotADirectoryError" in incident.detail or "FileExistsError" in incident.detail, incident.detail
    assert client_for(city.reviewer).get(f"/api/v1/exports/{failed.pk}/file/").status_code == 409
