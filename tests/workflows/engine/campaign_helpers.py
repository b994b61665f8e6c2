import datetime

from django.utils import timezone

from tests.factories import OrganisationFactory
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


OPENS = local(2021, 3, 1, 8, 0)
CLOSES = local(2021, 3, 31, 17, 30)


def make_campaign(*, total_quota=100, district_quotas=None, **fields) -> Campaign:
    """新优质均衡(示范)学校, 2021: open all March. `district_quotas`: {district: seats}."""
    fields.setdefault("owner_department", OrganisationFactory.department(name="基础教育处"))
    campaign = Campaign.objects.create(
        programme_code="new-quality",
        programme_name="新优质均衡(示范)学校",
        name=fields.pop("name", "2021年度"),
        opens_at=fields.pop("opens_at", OPENS),
        closes_at=fields.pop("closes_at", CLOSES),
        total_quota=total_quota,
        **fields,
    )
    for district, seats in (district_quotas or {}).items():
        DistrictQuota.objects.create(campaign=campaign, district=district, quota=seats)
    return campaign
