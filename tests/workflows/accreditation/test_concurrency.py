"""On PostgreSQL, people at the same moment: two heads of one district signing lists for the
district's last seat, two department heads deciding for the campaign's last seat, and one school
started twice at once. One wins each race; the other is told why in Chinese, and nothing of its act
is half-written (its items where they were, no list, no seat, no second application)."""

import pytest
from django.core.exceptions import ValidationError

from core.calendar import install_test_calendar
from core.orgs.roles import Role
from tests.factories import person
from tests.threads import run_together
from tests.workflows.accreditation.helpers import S, at, at_decision, build_acc_city, submitted
from tests.workflows.engine.conftest import open_task, reload
from workflows.accreditation.models import AccreditationDetails
from workflows.accreditation.services import accreditation_create, accreditation_decide, accreditation_recommend
from workflows.engine import services
from workflows.engine.exceptions import Busy
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.models import ListAct
from workflows.engine.models import Item

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture
def acc(on_postgres, time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021])
    return build_acc_city(total_quota=2, quotas=(3, 2))


def refused_for_seats(errors):
    """The loser hears of the seats (or, if it came while the winner held the campaign, Busy)."""
    return len(errors) == 1 and (isinstance(errors[0], Busy) or (
        isinstance(errors[0], ValidationError) and "名额" in " ".join(errors[0].messages)))


def test_two_heads_of_one_district_racing_for_its_last_seat(acc):
    DistrictQuota.objects.filter(campaign=acc.campaign, district=acc.district_a).update(quota=1)
    items = [submitted_and_passed(acc, n) for n in (0, 1)]
    heads = [acc.district_head, person("district_head_a2", Role.DISTRICT_HEAD, acc.district_a)]
    results, errors = run_together(lambda i: accreditation_recommend(items=[items[i]], by=heads[i]), 2)
    assert len(results) == 1 and refused_for_seats(errors)
    statuses = sorted(reload(item).status for item in items)
    assert statuses == sorted([S.FORMAL_REVIEW, S.DISTRICT_RECOMMEND])
    assert ListAct.objects.filter(step="district_recommend").count() == 1
    assert DistrictQuota.objects.get(campaign=acc.campaign, district=acc.district_a).reserved == 1


def test_two_department_heads_racing_for_the_campaigns_last_seat(acc):
    items = at_decision(acc, [0, 1, 3])
    accreditation_decide(items=[items[0]], by=acc.city_head)  # one of the two seats taken
    heads = [acc.city_head, person("city_head2", Role.CITY_HEAD, acc.department)]
    results, errors = run_together(lambda i: accreditation_decide(items=[items[i + 1]], by=heads[i]), 2)
    assert len(results) == 1 and refused_for_seats(errors)
    assert sorted(reload(item).status for item in items[1:]) == sorted([S.NOTICE, S.CITY_DECISION])
    assert Campaign.objects.get(pk=acc.campaign.pk).total_reserved == 2
    assert ListAct.objects.filter(step="city_decision").count() == 2


def test_one_school_started_twice_at_once_has_one_application(acc):
    def start(i):
        return accreditation_create(organisation=acc.schools[0], owner_department=acc.department, by=acc.heads[0],
                                    title=f"认定申报{i}", campaign=acc.campaign)

    results, errors = run_together(start, 2)
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError) and "同一批次每校只能有一份有效申报" in errors[0].messages[0]
    assert AccreditationDetails.objects.filter(organisation=acc.schools[0]).count() == 1
    assert Item.objects.filter(kind="accreditation").count() == 1  # the loser's item rolled back with it



def submitted_and_passed(acc, n):
    """School n's application passed by its district: waiting for the district's list."""
    item = submitted(acc, n)
    services.approve_task(task=open_task(item), by=acc.reviewer_of(item.organisation))
    return reload(item)
