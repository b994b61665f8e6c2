"""导出任务 is its owner's alone: a colleague of the same district, another district, the
administrator and a visitor get 404 (or the sign-in page) for the job's page, its download, its
status and its file, and nothing is written; a crafted query never widens the asker's scope; two
clicks at once start one job; the job list's queries do not grow with the jobs."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.audit.models import AuditEvent
from tests.celery_queue import purge_queued, run_queued
from tests.city import build_city
from tests.factories import UserFactory
from tests.threads import run_together
from tests.workflows.exports.conftest import fresh_publishing
from tests.workflows.web.conftest import client_for, submitted_item
from workflows.engine.exports import services
from workflows.engine.exports.models import ExportJob, ExportState
from workflows.web.exports import background


@pytest.fixture
def done_job(city, items, settings, media, django_capture_on_commit_callbacks):
    settings.EXPORTS_BACKGROUND_ABOVE = 1
    fresh_publishing()
    purge_queued()
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = background.start(user=city.reviewer, name="items", params={})
    job.refresh_from_db()
    assert job.state == ExportState.QUEUED, job.reason  # handed to the broker
    assert run_queued(services.TASK_NAME) == 1
    job.refresh_from_db()
    assert job.state == ExportState.DONE
    return job


@pytest.mark.django_db
def test_nobody_but_the_owner_reaches_a_job(city, done_job):
    admin = UserFactory(is_superuser=True, is_staff=True)
    urls = [reverse("workflows:export-job", args=[done_job.pk]),
            reverse("workflows:export-download", args=[done_job.pk]),
            f"/api/v1/exports/{done_job.pk}/", f"/api/v1/exports/{done_job.pk}/file/"]
    for intruder in (city.reviewer2, city.reviewer_b, city.city, admin):  # reviewer2: the same district
        client = client_for(intruder)
        for url in urls:
            assert client.get(url).status_code == 404, (intruder, url)
        assert client.get("/api/v1/exports/").json()["results"] == []
        assert reverse("workflows:export-job", args=[done_job.pk]) not in client.get(
            reverse("workflows:exports")).content.decode()
    visitor = Client()
    for url in urls[:2]:
        response = visitor.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for url in urls[2:]:
        assert visitor.get(url).status_code == 401
    assert not AuditEvent.objects.filter(action="export.downloaded").exists()
    # The owner does get it.
    assert client_for(city.reviewer).get(urls[1]).status_code == 200


@pytest.mark.django_db
def test_a_crafted_query_never_widens_the_scope(city, items, settings, media):
    settings.EXPORTS_BACKGROUND_ABOVE = 1
    ours, theirs = items
    reviewer = client_for(city.reviewer)
    # 和平区's reviewer asks for 沈河区's items: the filter narrows their scope, never widens it.
    refused = reviewer.post(reverse("workflows:export-start"),
                            {"list": "items", "query": f"district={city.district_b.pk}&q=沈河"}, follow=True)
    assert "没有符合条件的记录，无需导出。" in refused.content.decode()
    api = reviewer.post("/api/v1/exports/", {"list": "items", "filters": {"q": theirs.ref_no}},
                        content_type="application/json")
    assert api.status_code == 400
    assert ExportJob.objects.count() == 0


@pytest.mark.django_db
def test_the_job_list_costs_the_same_for_one_job_as_for_ten(city, items, settings, media):
    settings.EXPORTS_BACKGROUND_ABOVE = 1
    settings.EXPORTS_ACTIVE_PER_USER = 20
    client = client_for(city.reviewer)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("workflows:exports")).status_code == 200
        return len(captured.captured_queries)

    background.start(user=city.reviewer, name="items", params={})
    one = count()
    for q in ("和平", "申报", "一校", "和平一校", "校申"):
        for sort in ("ref_no", "status"):
            background.start(user=city.reviewer, name="items", params={"q": q, "sort": sort})
    assert ExportJob.objects.filter(owner=city.reviewer).count() == 11
    assert count() == one


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_start_one_job(on_postgres, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.EXPORTS_BACKGROUND_ABOVE = 1
    city = build_city()
    for n in range(3):
        submitted_item(city, title=f"和平一校申报{n}")

    def click(_n):
        job, created = background.start(user=city.reviewer, name="items", params={"sort": "ref_no"})
        return job.pk, created

    results, errors = run_together(click, 4)
    assert errors == []
    assert len({pk for pk, _created in results}) == 1 and sum(created for _pk, created in results) == 1
    assert ExportJob.objects.count() == 1
