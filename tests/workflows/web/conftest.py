"""The engine tests' small city (one department, two districts with a school each, one person per
role), a browser-like client per person, and items in the states the pages show."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.city import City, build_city
from tests.workflows.engine.conftest import new_item, open_task, reload, submitted_item  # noqa: F401
from workflows.engine import services
from workflows.engine.deadlines.models import DeadlineSource, TaskDeadline


@pytest.fixture
def city(db) -> City:
    return build_city()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def item_url(item) -> str:
    return reverse("workflows:item", args=[item.pk])


def set_due(task, at=None, *, pending_year=None):
    """Give an open task a deadline (`at`), or a pending one waiting for `pending_year`."""
    TaskDeadline.objects.update_or_create(
        task=task,
        defaults={"source": DeadlineSource.WORKING_DAYS, "counted_from": task.created, "working_days": 5,
                  "due_at": at, "pending_reason": "calendar_year_missing" if pending_year else "",
                  "pending_year": pending_year},
    )


def in_days(days: float):
    return timezone.now() + timedelta(days=days)


def returned_item(city, **kwargs):
    """Submitted, then returned by the district reviewer to the school for revision."""
    item = submitted_item(city, **kwargs)
    services.return_task(task=open_task(item), by=city.reviewer, to="revise", comment="请补充自评报告。")
    return reload(item)
