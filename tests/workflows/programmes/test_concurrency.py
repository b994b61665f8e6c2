"""Racing clicks on PostgreSQL: an edit or a new campaign while another holds the programme is
409 at once and writes nothing; two 复制 at once make one copy; a campaign opened while the
rubric is being swapped freezes the rubric the programme ends up with."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.audit.models import AuditEvent
from tests.city import build_city
from tests.conftest import need
from tests.threads import row_locked, run_together
from tests.workflows.engine.rubrics.helpers import school_rubric
from tests.workflows.programmes.conftest import programme_fields, window
from workflows.engine.exceptions import Busy
from workflows.engine.lists.campaign_models import Campaign
from workflows.programmes.campaigns import open_campaign
from workflows.programmes.models import Programme
from workflows.programmes.services import copy_programme, create_programme, edit_programme

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city():
    need(connection.vendor == "postgresql", "PostgreSQL is not configured (DATABASE_URL)")
    return build_city()


def test_an_edit_or_a_campaign_while_another_holds_the_programme_is_busy(city):
    programme = create_programme(department=city.department, by=city.city, **programme_fields())
    events = AuditEvent.objects.count()
    with row_locked(Programme, programme.pk):
        with pytest.raises(Busy):
            edit_programme(programme=programme, by=city.city, total_quota=1)
        with pytest.raises(Busy):
            open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    assert Programme.objects.get().total_quota == 100 and not Campaign.objects.exists()
    assert AuditEvent.objects.count() == events


def test_two_copies_at_once_make_one(city):
    programme = create_programme(department=city.department, by=city.city, **programme_fields(
        rubric=school_rubric(city.department, city.city, year=2021)))
    done, errors = run_together(lambda i: copy_programme(programme=programme, by=city.city), 3)
    assert len(done) == 1 and all(isinstance(error, (ValidationError, Busy)) for error in errors), errors
    assert Programme.objects.filter(year=2022).count() == 1
    # The losers' rubric copies rolled back with them.
    assert done[0].rubric.year == 2022 and done[0].rubric.__class__.objects.filter(year=2022).count() == 1


def test_a_campaign_and_a_rubric_swap_at_once_leave_the_used_rubric_frozen(city):
    for round_ in range(3):
        first = school_rubric(city.department, city.city, name=f"甲{round_}")
        second = school_rubric(city.department, city.city, name=f"乙{round_}")
        programme = create_programme(department=city.department, by=city.city,
                                     **programme_fields(code=f"p{round_}", name=f"项目{round_}", rubric=first))

        def work(i, programme=programme, second=second):
            if i == 0:
                return open_campaign(programme=programme, by=city.city, name="2021年度", **window())
            return edit_programme(programme=programme, by=city.city, rubric=second)
        run_together(work, 2)
        programme.refresh_from_db()
        if Campaign.objects.filter(programme=programme).exists():
            assert programme.rubric.frozen  # the rubric the campaign runs on is the one it froze
