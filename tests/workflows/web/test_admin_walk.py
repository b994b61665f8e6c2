"""#13 item 10: the admin speaks Chinese. A superuser walks every page of the admin on the demo's
data (the demo city and every demo piece's items, events, certificates, meetings, scores and
tenures) plus a row in each table the demo leaves empty: the index, every changelist, add page
and newest row's change page. No page may show an English word, outside the names of people,
organisations and places and the codes the data holds (tests/core/admin_text.py says what counts).
Third-party apps' strings that need a Chinese override are in locale/zh_Hans."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, SolarSchedule

from core.calendar import install_test_calendar
from core.orgs.demo import seed_demo_city
from core.orgs.models import User
from tests.core.admin_text import english_words
from tests.core.admin_walk import admin_urls, data_names, walk
from workflows.demo.guide import seed_pieces

pytestmark = pytest.mark.django_db

PASSWORD = "Demo@2026-test"


def seed_demo(password: str) -> None:
    """The demo of `make run`: the city and every piece (a transactional test before this one
    may have emptied the calendar and the default policy the migrations wrote)."""
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    import_module("notifications.migrations.0002_default_policy").create_default(apps, None)
    seed_demo_city(password=password)
    seed_pieces()


@pytest.fixture
def demo_admin():
    seed_demo(PASSWORD)
    # Rows of the tables the demo leaves empty, so that their change pages are walked too.
    Client().post("/accounts/login/", {"username": "admin", "password": "wrong"})  # axes' attempt and failure
    group = Group.objects.create(name="档案室")
    group.permissions.set(Permission.objects.filter(codename__in=["view_auditevent", "manage_process"]))
    ClockedSchedule.objects.create(clocked_time=timezone.now() + datetime.timedelta(days=1))
    SolarSchedule.objects.create(event="sunrise", latitude=41.8, longitude=123.4)
    return User.objects.get(username="admin")


@pytest.mark.timeout(600)
def test_every_admin_page_is_chinese(demo_admin):
    client = Client()
    client.force_login(demo_admin)
    urls = admin_urls(demo_admin)
    # The walk reaches the apps the issue names and the rows' own pages.
    assert {"/admin/viewflow/process/", "/admin/viewflow/task/", "/admin/audit/auditevent/",
            "/admin/axes/accesslog/", "/admin/django_celery_beat/periodictask/"} <= set(urls)
    assert sum(url.endswith("/change/") for url in urls) >= 20
    words, failed = walk(client, demo_admin)
    assert failed == {}
    assert words == {}


def test_the_words_that_were_english_are_chinese_now(demo_admin):
    """The labels the issue saw, by name: viewflow's, axes', the audit log's codes."""
    client = Client()
    client.force_login(demo_admin)
    index = client.get("/admin/").content.decode()
    assert "流程实例" in index and "Process list" not in index and "登录尝试" in index
    assert 'rel="icon"' in index and "favicon.svg" in index
    tasks = client.get("/admin/viewflow/task/").content.decode()
    assert "选择任务查看" in tasks and ">已完成<" in tasks and "Assigned" not in tasks
    processes = client.get("/admin/viewflow/process/").content.decode()
    assert "Routing only" not in processes and "学校认定与评选" in processes
    audit = client.get("/admin/audit/auditevent/").content.decode()
    assert ">accounts.signed_in<" not in audit and ">登录<" in audit and "颁发证书" in audit
    assert english_words(audit, data_names()) == set()
