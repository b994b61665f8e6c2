"""The years after an accreditation (issue 14, item 10) on the real kind, under time-machine: the
terms' reminders at 90 and 30 days before the end, the renewal (a shorter process as data: the
terms skip the district's review and list, so it opens at 形式审查, in the programme's newest
campaign, outside the one-live rule as its holder is approved), revocation with its reason and
文号, and expiry by the beat."""

import datetime

import pytest

from core.calendar import install_test_calendar
from tests.workflows.accreditation.helpers import NOTICE_STEP, S, at, at_decision, build_acc_city, ok
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task
from workflows import tasks
from workflows.accreditation.flows import AccreditationFlow
from workflows.accreditation.models import Accreditation, AccreditationDetails
from workflows.accreditation.services import accreditation_decide
from workflows.engine.tenure.models import Tenure, TenureState

pytestmark = pytest.mark.django_db


def test_reminders_renewal_revocation_and_expiry(time_machine):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021, 2024])
    acc = build_acc_city()
    items = at_decision(acc, [0, 3])
    accreditation_decide(items=items, by=acc.city_head)
    ok(client_for(acc.city_head).post("/api/v1/notices/", {"step": NOTICE_STEP, "items": [i.pk for i in items],
                                                            "title": "拟认定名单公示"}, format="json"), 201)
    time_machine.move_to(at(2021, 6, 10, 17, 31), tick=False)
    tasks.fire_timers()
    kept, revoked = (Tenure.objects.get(item=item) for item in items)
    assert kept.valid_until == datetime.date(2024, 6, 9)  # three years from the approval day, the terms' data

    answer = ok(client_for(acc.city_head).post(f"/api/v1/tenures/{revoked.pk}/revoke/",
                                               {"reason": "办学行为不规范，经复核撤销认定。"}, format="json"))
    assert answer["state"] == TenureState.REVOKED and "沈教发〔2021〕" in str(answer)

    time_machine.move_to(at(2024, 3, 11, 0, 30), tick=False)  # 90 days before the last day
    assert tasks.tenure_daily() == {"expired": 0, "reminded": 1, "report_reminders": 0}
    time_machine.move_to(at(2024, 5, 10, 0, 30), tick=False)  # 30 days before
    assert tasks.tenure_daily() == {"expired": 0, "reminded": 1, "report_reminders": 0}

    time_machine.move_to(at(2024, 5, 10, 10), tick=False)
    renewed = ok(client_for(acc.heads[0]).post(f"/api/v1/tenures/{kept.pk}/renew/", {}, format="json"))
    renewal = Accreditation.objects.get(pk=renewed["renewal_item"])
    assert renewal.status == S.FORMAL_REVIEW  # the district's review and list passed over
    assert open_task(renewal).flow_task == AccreditationFlow.formal_review
    details = AccreditationDetails.objects.get(item=renewal)
    assert details.renewal_of_id == items[0].pk and details.campaign == acc.campaign
    assert details.self_assessment == AccreditationDetails.objects.get(item=items[0]).self_assessment

    time_machine.move_to(at(2024, 6, 10, 0, 30), tick=False)
    assert tasks.tenure_daily()["expired"] == 1
    assert Tenure.objects.get(pk=kept.pk).state == TenureState.EXPIRED
    assert Accreditation.objects.get(pk=renewal.pk).status == S.FORMAL_REVIEW  # the renewal goes on


def test_the_programme_s_validity_sets_the_term(time_machine):
    """The department sets 有效期 on the programme's form each year: it, not the terms' default
    (3 years here), is how long the accreditation lasts."""
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021, 2026])
    acc = build_acc_city(validity_years=5)
    items = at_decision(acc, [0])
    accreditation_decide(items=items, by=acc.city_head)
    ok(client_for(acc.city_head).post("/api/v1/notices/", {"step": NOTICE_STEP, "items": [i.pk for i in items],
                                                            "title": "拟认定名单公示"}, format="json"), 201)
    time_machine.move_to(at(2021, 6, 10, 17, 31), tick=False)
    tasks.fire_timers()
    assert Tenure.objects.get(item=items[0]).valid_until == datetime.date(2026, 6, 9)
