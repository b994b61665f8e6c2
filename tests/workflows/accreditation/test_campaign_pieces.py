"""The campaign pieces on the real accreditation kind: the district's 推荐汇总表 and its stamped
scan, a seat freed by the city's 形式审查 (a return to the district) refilled by a second list,
no refill once the campaign's 形式审查截止时间 has passed, and the department's overview counting
the kind's own stages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.calendar import install_test_calendar
from core.pdf.text import pdf_text
from tests.sample_files import upload
from tests.workflows.accreditation.helpers import S, at, build_acc_city, submitted, through_district
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, reload
from workflows.accreditation.services import accreditation_recommend
from workflows.engine import services
from workflows.engine.lists.models import ListAct, ListScan
from workflows.programmes.overview import campaign_overview

pytestmark = pytest.mark.django_db


@pytest.fixture
def acc(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021])
    return build_acc_city(quotas=(2, 1))


def test_summary_refill_and_the_formal_review_date_on_the_accreditation_kind(acc):
    first, second, other = through_district(acc, [0, 1, 3])  # 和平区 fills its 2 seats, 沈河区 its 1
    district_list = ListAct.objects.filter(organisation=acc.district_a).get()
    head = client_for(acc.district_head)
    summary = head.get(reverse("api:list-summary", args=[district_list.pk])).json()
    assert [row["school"] for row in summary["rows"]] == ["和平一校", "和平二校"]
    text = pdf_text(head.get(reverse("api:list-summary-pdf", args=[district_list.pk])).content)
    assert "和平区区县推荐汇总表" in text and "和平二校" in text
    assert head.post(reverse("api:list-scan", args=[district_list.pk]), {"file": upload("盖章.pdf")},
                     format="multipart").status_code == 201
    assert client_for(acc.city.city).get(reverse("api:list-summary", args=[district_list.pk])).json()["scan"]
    assert client_for(acc.district_head_b).get(reverse("api:list-summary", args=[district_list.pk])).status_code == 404

    # 形式审查 returns 和平一校 to the district: its seat is free, and 和平三校 takes it in a second list.
    services.return_task(task=open_task(first), by=acc.city.city, to="district_review", comment="材料不全，请区县复核。")
    third = submitted(acc, 2)
    services.approve_task(task=open_task(third), by=acc.reviewer)
    refill = accreditation_recommend(items=[third], by=acc.district_head, comment="补报。")
    assert refill.size == 1 and reload(third).status == S.FORMAL_REVIEW

    overview = campaign_overview(acc.campaign)
    codes = [code for code, _label in overview.statuses]
    a = next(row for row in overview.rows if row.district == acc.district_a)
    assert a.counts[codes.index(S.FORMAL_REVIEW)] == 2 and a.counts[codes.index(S.DISTRICT_REVIEW)] == 1
    assert (a.quota.reserved, a.quota.quota) == (2, 2)

    # Once the formal review has closed, the returned school cannot come back on a list.
    services.reject_task(task=open_task(second), by=acc.city.city, comment="不符合条件。")
    services.approve_task(task=open_task(first), by=acc.reviewer)
    acc.campaign.formal_review_closes_at = at(2021, 6, 1) - datetime.timedelta(minutes=1)
    acc.campaign.save(update_fields=["formal_review_closes_at"])
    with pytest.raises(ValidationError) as late:
        accreditation_recommend(items=[reload(first)], by=acc.district_head)
    assert late.value.code == "formal_review_closed" and "2021年6月1日 09:59" in late.value.messages[0]
    assert reload(first).status == S.DISTRICT_RECOMMEND and ListAct.objects.count() == 3
    assert ListScan.objects.count() == 1 and reload(other).status == S.FORMAL_REVIEW
