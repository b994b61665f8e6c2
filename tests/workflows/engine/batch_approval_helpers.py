"""Applications for the 批量审批 tests: several waiting at district_a's 区县审核, and one of
another district (沈河区), out of district_a's reviewers' scope."""

from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.engine.conftest import open_task, reload, submitted_item


def waiting(city, count, title="批量申报"):
    """`count` applications of school_a, each waiting in district_a's 区县审核 queue."""
    return [submitted_item(city, title=f"{title}{n + 1}") for n in range(count)]


def other_district(city, title="沈河一校的机密申报"):
    """An application of school_b (沈河区), waiting in district_b's queue."""
    item = sample_create(organisation=city.school_b, owner_department=city.department, by=city.head_b, title=title)
    sample_submit(item=item, by=city.head_b)
    return reload(item)


def foreign_task(city):
    return open_task(other_district(city))
