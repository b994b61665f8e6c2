"""Schools decided on a list and waiting at the 公示 step of the sample HonourFlow, in a campaign
with a total quota, on a fixed day of the 2021 calendar."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.calendar import install_test_calendar
from tests.city import build_city
from tests.factories import OrganisationFactory
from tests.sampleapp.honours import HonourFlow, honour_create, honour_decide, honour_submit
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.conftest import open_task
from workflows.engine import services
from workflows.engine.models import Item
from workflows.engine.notices.objections import lodge_objection
from workflows.engine.notices.step import publish_notice

# Tuesday 1 June 2021, 10:00: a 5-working-day notice published now ends on Tuesday 8 June, 17:30.
PUBLISHED = datetime.datetime(2021, 6, 1, 10, 0, tzinfo=timezone.get_default_timezone())
ENDS = datetime.datetime(2021, 6, 8, 17, 30, tzinfo=timezone.get_default_timezone())
AFTER_END = ENDS + datetime.timedelta(minutes=1)
STEP = HonourFlow.notice


@pytest.fixture
def on_publication_day(db):
    """The clock stopped on the day of publication (tests move it on)."""
    install_test_calendar([2021])
    with time_machine.travel(PUBLISHED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def city(on_publication_day):
    """The test city, built on that day (its role grants start then)."""
    return build_city()


def honour_campaign(city, total=3, name="2021年度"):
    return make_campaign(total_quota=total, owner_department=city.department, opens_at=PUBLISHED.replace(month=5),
                         closes_at=PUBLISHED.replace(month=7), name=name)


def decided(city, campaign, count: int, *, schools=None) -> list[Item]:
    """`count` applications (of school_a, or of `schools` in turn) passed by their district and
    put on the department head's decision list: each waits at the 公示 step."""
    items = []
    for n in range(count):
        school = (schools or [city.school_a])[n % len(schools or [city.school_a])]
        head = city.head if school == city.school_a else city.head_b
        item = honour_create(organisation=school, owner_department=city.department, by=head,
                             title=f"评选申报{n + 1}", campaign=campaign)
        honour_submit(item=item, by=head)
        reviewer = city.reviewer if school == city.school_a else city.reviewer_b
        services.approve_task(task=open_task(item), by=reviewer)
        items.append(item)
    honour_decide(items=items, by=city.city_head)
    return [Item.objects.get(pk=item.pk).as_kind() for item in items]


def second_school(city):
    return OrganisationFactory.school(parent=city.district_a, name="和平二校", code="2101020002")


def published(city, items, *, title="2021年度示例评选拟认定名单公示", by=None, **options):
    return publish_notice(step=STEP, items=items, by=by or city.city_head, title=title, **options)


# What a member of the public writes on the objection form (the service adds the address).
OBJECTOR = {"real_name": "张三", "unit": "沈阳市某公司", "phone": "13800000001",
            "facts": "该校申报材料中的获奖证书与实际不符。"}


def two_schools_published(city, **options):
    """A notice of two applications, school_a's first, then school_b's."""
    items = decided(city, honour_campaign(city), 2, schools=[city.school_a, city.school_b])
    return published(city, items, **options)


def objection_to(entry, **changes):
    """An objection to line `entry` of its notice, from 10.0.0.1, as OBJECTOR writes it, unless `changes`
    say otherwise (even the notice: a line of another notice is refused)."""
    return lodge_objection(**{"notice": entry.notice_id, "entry": entry.pk, **OBJECTOR, "ip": "10.0.0.1", **changes})


def first_line(notice):
    return notice.entries.order_by("rank").first()
