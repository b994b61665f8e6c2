"""发起申报's tests: the small city (tests/city.py) and an open 新优质 campaign."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.city import City, build_city
from tests.workflows.engine.campaign_helpers import make_campaign


@pytest.fixture
def city(db) -> City:
    return build_city()


def open_campaign(city, **fields):
    """新优质均衡(示范)学校, open since yesterday for a month, owned by the city's department."""
    now = timezone.now()
    fields.setdefault("opens_at", now - timedelta(days=1))
    fields.setdefault("closes_at", now + timedelta(days=30))
    return make_campaign(owner_department=city.department, **fields)


@pytest.fixture
def campaign(city):
    return open_campaign(city)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path
