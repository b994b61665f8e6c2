"""Applications waiting for the district recommendation list (RecommendationFlow), in a
campaign with per-district quotas."""

from tests.sampleapp.recommendation import RecommendationFlow
from tests.sampleapp.services import sample_create
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.conftest import open_task
from workflows.engine import services
from workflows.engine.models import Item


def recommendation_campaign(city, seats=3, total=None):
    return make_campaign(total_quota=total, district_quotas={city.district_a: seats})


def submitted(city, campaign, title="新优质均衡学校申报"):
    item = sample_create(organisation=city.school_a, owner_department=city.department, by=city.head, title=title,
                         campaign=campaign)
    services.submit_item(item=item, by=city.head, flow_class=RecommendationFlow)
    return item


def waiting_for_list(city, campaign, count: int) -> list[Item]:
    """`count` applications of school_a that the district reviewer passed: each waits for the list."""
    items = []
    for n in range(count):
        item = submitted(city, campaign, title=f"申报{n + 1}")
        services.approve_task(task=open_task(item), by=city.reviewer)
        items.append(Item.objects.get(pk=item.pk).as_kind())
    return items
