"""Shared by the extension request tests: a city on the eve of the National Day holiday, and an
item whose district review (due 13 October 2021, 17:30) is claimed by its reviewer."""

import datetime

import pytest
import time_machine

from tests.workflows.engine.conftest import open_task, submitted_item
from tests.workflows.engine.deadline_helpers import EVE_OF_NATIONAL_DAY, local  # noqa: F401 - re-exported
from workflows.engine import services

FIRST_DUE = local(2021, 10, 13, 17, 30)  # 5 working days: 8, 9 (调休), 11, 12, 13 October
ASKED_AT = local(2021, 10, 11, 10, 0)
DECIDED_AT = local(2021, 10, 12, 10, 0)
ASKED_DAY = datetime.date(2021, 10, 20)


@pytest.fixture
def city(city_on_the_eve):
    return city_on_the_eve


def claimed_review(city):
    """(item, its district review task) claimed by city.reviewer."""
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        item = submitted_item(city)
        task = open_task(item)
        services.claim_task(task=task, by=city.reviewer)
    return item, task


def ask(city, task, *, day=ASKED_DAY, reason="材料需补充核实，申请延期一周。", by=None, at=ASKED_AT):
    from workflows.engine.deadlines.extension_services import request_extension

    with time_machine.travel(at, tick=False):
        return request_extension(task=task, by=by or city.reviewer, due_date=day, reason=reason)
