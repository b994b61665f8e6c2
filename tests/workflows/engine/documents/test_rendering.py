"""A 发文's PDF is rendered after the issuing act commits (workflows.engine.rendering): the act
stores the row and its number, the queued task renders the file, a rolled-back act queues
nothing, a download that comes first renders it itself, and the minute beat renders what a lost
task left."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from core.pdf import pdf_text
from tests.celery_queue import purge_queued, run_queued
from tests.sampleapp.honours import honour_decision_document
from tests.threads import run_together
from tests.workflows.engine.documents.helpers import decided_list
from tests.workflows.engine.notice_helpers import city, on_publication_day  # noqa: F401
from workflows.engine import rendering
from workflows.engine.documents.files import ensure_file
from workflows.engine.documents.models import Document
from workflows.tasks import render_missing


class Boom(Exception):
    pass


@pytest.mark.django_db
def test_the_act_stores_no_file_and_the_queued_task_renders_it(city, django_capture_on_commit_callbacks):
    purge_queued()
    items, list_act = decided_list(city)
    with django_capture_on_commit_callbacks(execute=True):
        document = honour_decision_document(list_act=list_act, by=city.city_head)
    assert not Document.objects.get(pk=document.pk).file
    assert run_queued(rendering.TASK_NAME) == 1
    document.refresh_from_db()
    assert document.file and document.size == document.file.size
    assert "沈教发〔2021〕1号" in pdf_text(document.file.read())


@pytest.mark.django_db
def test_a_rolled_back_act_queues_nothing_and_leaves_no_file(city, django_capture_on_commit_callbacks):
    purge_queued()
    items, list_act = decided_list(city)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Boom), transaction.atomic():
        honour_decision_document(list_act=list_act, by=city.city_head)
        raise Boom
    assert run_queued(rendering.TASK_NAME) == 0
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_download_before_the_task_renders_the_file_once(city, client):
    items, list_act = decided_list(city)
    document = honour_decision_document(list_act=list_act, by=city.city_head)
    client.force_login(city.city_head)
    first = client.get(f"/api/v1/documents/{document.pk}/pdf/")
    assert first.status_code == 200 and b"".join(first.streaming_content).startswith(b"%PDF")
    stored = Document.objects.get(pk=document.pk).file.name
    client.get(f"/work/documents/{document.pk}/pdf/")
    assert Document.objects.get(pk=document.pk).file.name == stored  # not rendered twice


@pytest.mark.django_db
def test_the_beat_renders_what_a_lost_task_left_after_a_grace(city):
    items, list_act = decided_list(city)
    document = honour_decision_document(list_act=list_act, by=city.city_head)
    assert render_missing() == 0  # just issued: its task may still be on the way
    Document.objects.filter(pk=document.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    assert render_missing() == 1
    assert Document.objects.get(pk=document.pk).file
    assert render_missing() == 0


@pytest.mark.django_db(transaction=True)
def test_a_task_and_a_download_at_once_store_one_file(city, on_postgres):
    items, list_act = decided_list(city)
    document = honour_decision_document(list_act=list_act, by=city.city_head)
    results, errors = run_together(lambda i: ensure_file(document.pk).file.name, 4)
    assert not errors and set(results) == {Document.objects.get(pk=document.pk).file.name}
