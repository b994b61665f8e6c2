import datetime

from django.utils import timezone

from core.orgs.models import Ownership
from tests.factories import OrganisationFactory
from tests.sampleapp.start import SCHOOL_TYPES
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.programmes.models import Programme


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


OPENS = local(2021, 3, 1, 8, 0)
CLOSES = local(2021, 3, 31, 17, 30)


def make_programme(*, owner_department, code="new-quality", name="新优质均衡(示范)学校", year=2021,
                   **fields) -> Programme:
    """The programme (of the sample kind, open to public and private compulsory schools), found
    again by code and year: several campaigns of one test share it."""
    fields.setdefault("kind", "sample")
    fields.setdefault("school_types", list(SCHOOL_TYPES))
    fields.setdefault("ownerships", [Ownership.PUBLIC, Ownership.PRIVATE])
    programme, _created = Programme.objects.get_or_create(
        code=code, year=year, defaults={"name": name, "owner_department": owner_department, **fields})
    return programme


def make_campaign(*, total_quota=100, district_quotas=None, programme=None, **fields) -> Campaign:
    """新优质均衡(示范)学校, 2021: open all March. `district_quotas`: {district: seats}."""
    fields.setdefault("owner_department", OrganisationFactory.department(name="基础教育处"))
    campaign = Campaign.objects.create(
        programme=programme or make_programme(owner_department=fields["owner_department"]),
        name=fields.pop("name", "2021年度"),
        opens_at=fields.pop("opens_at", OPENS),
        closes_at=fields.pop("closes_at", CLOSES),
        total_quota=total_quota,
        **fields,
    )
    for district, seats in (district_quotas or {}).items():
        DistrictQuota.objects.create(campaign=campaign, district=district, quota=seats)
    return campaign
