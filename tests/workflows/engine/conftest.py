"""The engine's tests run in the shared test city (tests/city.py: one department, two districts
with a school each, one person per role that the sample application flow needs)."""

import datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from core.calendar import install_test_calendar
from tests.city import City, build_city
from tests.sampleapp.services import sample_create, sample_submit
from workflows.engine.models import Item


@pytest.fixture
def city(db) -> City:
    return build_city()


# Thursday 30 September 2021, the eve of the National Day holiday (1–7 October). Saturday
# 9 October is a make-up working day (调休上班).
EVE_OF_NATIONAL_DAY = datetime.datetime(2021, 9, 30, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def city_on_the_eve(db) -> City:
    """The city built on the eve of the holiday, with the 2021 calendar (deadline tests)."""
    # A transactional test before this one may have emptied the calendar and the seeded policy.
    install_test_calendar([2021])
    import_module("notifications.migrations.0002_default_policy").create_default(apps, None)
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        return build_city()


def new_item(city: City, *, by=None, title="新优质学校申报", **fields):
    return sample_create(
        organisation=city.school_a, owner_department=city.department, by=by or city.head, title=title, **fields
    )


def submitted_item(city: City, **kwargs):
    item = new_item(city, **kwargs)
    sample_submit(item=item, by=item.submitter)
    return Item.objects.get(pk=item.pk).as_kind()


def open_task(item) -> Task:
    """The one open human task of the item."""
    return Task.objects.get(
        process__item=item, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def reload(item):
    return Item.objects.get(pk=item.pk).as_kind()
