"""Life after approval over the API: the list and one tenure with its life and `may`, each act by
whom the rules allow (another school, another district: 404; the holder revoking or rating
itself, a reviewer revoking: 403), bad bodies 400 with nothing changed, a finished tenure 409."""

import pytest

from tests.workflows.api.helpers import client_for
from tests.workflows.engine.tenure.tenure_helpers import APPROVAL_DAY, at, granted, sample_terms  # noqa: F401
from workflows.engine.tenure.models import AnnualReport, Reassessment, Tenure, TenureState

pytestmark = pytest.mark.django_db
API = "/api/v1"


def state_of(tenure):
    return Tenure.objects.get(pk=tenure.pk).state


def test_the_list_and_the_detail_show_the_life_and_what_the_reader_may_do(granted, city):
    tenure = granted
    listed = client_for(city.city).get(f"{API}/tenures/").json()
    assert [row["id"] for row in listed["results"]] == [tenure.pk]
    assert listed["results"][0]["valid_until"] == "2024-02-29" and listed["results"][0]["state"] == "active"
    assert client_for(city.city).get(f"{API}/tenures/", {"state": "revoked"}).json()["results"] == []
    assert client_for(city.city).get(f"{API}/tenures/", {"state": "bogus"}).status_code == 400
    assert client_for(city.reviewer_b).get(f"{API}/tenures/").json()["results"] == []
    head = client_for(city.city_head).get(f"{API}/tenures/{tenure.pk}/").json()
    assert head["may"] == ["revoke", "reassess"] and head["reports"] == [] and head["ref_no"] == tenure.item.ref_no
    assert client_for(city.head).get(f"{API}/tenures/{tenure.pk}/").json()["may"] == []
    for stranger in (city.head_b, city.reviewer_b):
        assert client_for(stranger).get(f"{API}/tenures/{tenure.pk}/").status_code == 404
    assert client_for(None).get(f"{API}/tenures/{tenure.pk}/").status_code == 401


def test_revoke_needs_a_head_of_the_department_and_a_reason(granted, city):
    tenure = granted
    for who, status in ((city.head, 403), (city.city, 403), (city.head_b, 404), (city.reviewer_b, 404)):
        assert client_for(who).post(f"{API}/tenures/{tenure.pk}/revoke/", {"reason": "越权"}).status_code == status
    empty = client_for(city.city_head).post(f"{API}/tenures/{tenure.pk}/revoke/", {"reason": " "})
    assert empty.status_code == 400 and "reason" in empty.json()["fields"]
    assert state_of(tenure) == TenureState.ACTIVE
    done = client_for(city.city_head).post(f"{API}/tenures/{tenure.pk}/revoke/", {"reason": "办学行为不规范"})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["state"] == "revoked" and body["end_reason"] == "办学行为不规范" and body["document"].startswith("沈教发")
    again = client_for(city.city_head).post(f"{API}/tenures/{tenure.pk}/revoke/", {"reason": "再次"})
    assert again.status_code == 409


def test_report_rate_reassess_and_record(granted, city, time_machine):
    tenure = granted
    time_machine.move_to(at(2021, 11, 15), tick=False)
    holder, department = client_for(city.head), client_for(city.city)
    assert holder.post(f"{API}/tenures/{tenure.pk}/report/", {"summary": ""}).status_code == 400
    assert department.post(f"{API}/tenures/{tenure.pk}/report/", {"summary": "代报"}).status_code == 403
    filed = holder.post(f"{API}/tenures/{tenure.pk}/report/", {"summary": "本年度总结"})
    assert filed.status_code == 200 and filed.json()["reports"][0]["summary"] == "本年度总结"
    report = AnnualReport.objects.get()
    assert holder.post(f"{API}/tenure-reports/{report.pk}/rate/", {"rating": "excellent"}).status_code == 403
    assert client_for(city.reviewer_b).post(f"{API}/tenure-reports/{report.pk}/rate/",
                                            {"rating": "pass"}).status_code == 404
    assert department.post(f"{API}/tenure-reports/{report.pk}/rate/", {"rating": "fail"}).status_code == 400
    assert department.post(f"{API}/tenure-reports/{report.pk}/rate/", {"rating": "best"}).status_code == 400
    assert AnnualReport.objects.get().rating == ""
    rated = department.post(f"{API}/tenure-reports/{report.pk}/rate/", {"rating": "pass", "note": "合格"})
    assert rated.status_code == 200 and rated.json()["reports"][0]["rating"] == "pass"
    assert holder.post(f"{API}/tenures/{tenure.pk}/reassess/", {"reason": "自查"}).status_code == 403
    opened = department.post(f"{API}/tenures/{tenure.pk}/reassess/", {"reason": "群众反映"})
    assert opened.status_code == 200 and opened.json()["reassessments"][0]["outcome"] == "open"
    reassessment = Reassessment.objects.get()
    bad = department.post(f"{API}/reassessments/{reassessment.pk}/record/", {"outcome": "maybe", "note": "x"})
    assert bad.status_code == 400
    failed = department.post(f"{API}/reassessments/{reassessment.pk}/record/", {"outcome": "failed", "note": "属实"})
    assert failed.status_code == 200 and failed.json()["state"] == "revoked"


def test_the_holder_renews(granted, city, time_machine):
    tenure = granted
    assert client_for(city.head).post(f"{API}/tenures/{tenure.pk}/renew/").status_code == 409  # too early
    time_machine.move_to(at(2023, 10, 9), tick=False)
    assert client_for(city.city_head).post(f"{API}/tenures/{tenure.pk}/renew/").status_code == 403
    assert client_for(city.head_b).post(f"{API}/tenures/{tenure.pk}/renew/").status_code == 404
    renewed = client_for(city.head).post(f"{API}/tenures/{tenure.pk}/renew/")
    assert renewed.status_code == 200 and renewed.json()["renewal_item"]
    item = client_for(city.head).get(f"{API}/items/{renewed.json()['renewal_item']}/")
    assert item.status_code == 200 and "续期" in item.json()["title"]
