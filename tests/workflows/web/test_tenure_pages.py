"""Life after approval on the pages: the item page shows the whole life of its tenure; each act
has its page (撤销 confirmed first), refused to whoever the rules refuse (another school and
another district: 404; the holder revoking or rating itself, a reviewer revoking: 403), bad
input says why and changes nothing; the list filters by state and expiring soon, in a fixed
number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workflows.engine.tenure.tenure_helpers import APPROVAL_DAY, approved, at, granted, sample_terms, tenure_of  # noqa: F401
from tests.workflows.web.conftest import client_for, item_url
from workflows.engine.models import Item
from workflows.engine.tenure.models import AnnualReport, Reassessment, Tenure, TenureState
from workflows.engine.tenure.reports import file_report

pytestmark = pytest.mark.django_db


def url(name, pk):
    return reverse(f"workflows:{name}", args=[pk])


def state_of(tenure):
    return Tenure.objects.get(pk=tenure.pk).state


def test_the_item_page_shows_the_tenure_and_only_the_acts_the_reader_may_take(granted, city):
    tenure = granted
    page = client_for(city.city_head).get(item_url(tenure.item)).content.decode()
    assert "认定有效期" in page and "2021-03-01" in page and "2024-02-29" in page and "有效" in page
    assert url("tenure-revoke", tenure.pk) in page and url("tenure-reassess", tenure.pk) in page
    holder = client_for(city.head).get(item_url(tenure.item)).content.decode()
    assert "认定有效期" in holder and url("tenure-revoke", tenure.pk) not in holder
    # The reviewer of the department re-assesses but does not revoke.
    reviewer = client_for(city.city).get(item_url(tenure.item)).content.decode()
    assert url("tenure-reassess", tenure.pk) in reviewer and url("tenure-revoke", tenure.pk) not in reviewer


def test_revoking_asks_for_a_reason_then_confirms_then_shows_the_revocation(granted, city):
    tenure, head = granted, client_for(city.city_head)
    assert head.get(url("tenure-revoke", tenure.pk)).status_code == 200
    empty = head.post(url("tenure-revoke", tenure.pk), {"comment": "  "})
    assert empty.status_code == 400 and "撤销必须填写理由。" in empty.content.decode()
    asked = head.post(url("tenure-revoke", tenure.pk), {"comment": "办学行为不规范"})
    assert asked.status_code == 200 and "确认撤销" in asked.content.decode() and "不能恢复" in asked.content.decode()
    assert state_of(tenure) == TenureState.ACTIVE
    done = head.post(url("tenure-revoke", tenure.pk), {"comment": "办学行为不规范", "confirmed": "1"})
    assert done.status_code == 302 and done.url == item_url(tenure.item)
    revoked = Tenure.objects.select_related("document").get(pk=tenure.pk)
    assert revoked.state == TenureState.REVOKED and revoked.end_reason == "办学行为不规范"
    page = head.get(item_url(tenure.item)).content.decode()
    assert "已撤销" in page and "办学行为不规范" in page and revoked.document.text in page
    assert "沈教发" in revoked.document.text
    # Revoked is final: the page says so instead of offering the form again.
    again = head.get(url("tenure-revoke", tenure.pk))
    assert again.status_code == 403 and "已撤销" in again.content.decode()


@pytest.mark.parametrize("who, status", [("head", 403), ("teacher", 404), ("city", 403), ("head_b", 404),
                                         ("reviewer_b", 404)])
def test_revoking_is_refused_to_all_but_the_departments_heads(granted, city, who, status):
    tenure, client = granted, client_for(getattr(city, who))
    assert client.get(url("tenure-revoke", tenure.pk)).status_code == status
    posted = client.post(url("tenure-revoke", tenure.pk), {"comment": "越权", "confirmed": "1"})
    assert posted.status_code == status and state_of(tenure) == TenureState.ACTIVE


def test_anonymous_is_sent_to_sign_in(granted, client):
    for name in ("tenure-revoke", "tenure-report", "tenure-renew"):
        response = client.post(url(name, granted.pk), {"comment": "x", "confirmed": "1"})
        assert response.status_code == 302 and "login" in response.url
    assert client.get(reverse("workflows:tenures")).status_code == 302
    assert state_of(granted) == TenureState.ACTIVE


def test_the_holder_files_the_report_and_the_department_rates_it(granted, city, time_machine):
    tenure = granted
    outside = client_for(city.head).get(url("tenure-report", tenure.pk))
    assert outside.status_code == 403 and "不在年度考核期内" in outside.content.decode()
    time_machine.move_to(at(2021, 11, 15), tick=False)
    holder = client_for(city.head)
    assert holder.post(url("tenure-report", tenure.pk), {"comment": ""}).status_code == 400
    assert not AnnualReport.objects.exists()
    assert holder.post(url("tenure-report", tenure.pk), {"comment": "本年度开展课后服务。"}).status_code == 302
    report = AnnualReport.objects.get()
    # The holder never rates itself; another district cannot even see the report.
    assert holder.post(url("tenure-rate", report.pk), {"rating": "excellent"}).status_code == 403
    assert client_for(city.reviewer_b).post(url("tenure-rate", report.pk), {"rating": "pass"}).status_code == 404
    department = client_for(city.city)
    assert url("tenure-rate", report.pk) in department.get(item_url(tenure.item)).content.decode()
    bad = department.post(url("tenure-rate", report.pk), {"rating": "fail", "comment": ""})
    assert bad.status_code == 400 and "评为不合格必须填写考核意见。" in bad.content.decode()
    unknown = department.post(url("tenure-rate", report.pk), {"rating": "great"})
    assert unknown.status_code == 400
    assert AnnualReport.objects.get().rating == ""
    assert department.post(url("tenure-rate", report.pk), {"rating": "excellent", "comment": "成效显著"}).status_code == 302
    page = holder.get(item_url(tenure.item)).content.decode()
    assert "优秀" in page and "成效显著" in page and "本年度开展课后服务。" in page


def test_a_failing_rating_that_revokes_by_the_rule_is_confirmed_first(granted, city, time_machine):
    tenure = granted
    sample_terms(failures_to_revoke=1)
    time_machine.move_to(at(2021, 11, 15), tick=False)
    report = file_report(tenure=tenure.pk, by=city.head, summary="总结")
    department = client_for(city.city)
    asked = department.post(url("tenure-rate", report.pk), {"rating": "fail", "comment": "未达标"})
    assert asked.status_code == 200 and "确认不合格并撤销认定" in asked.content.decode()
    assert AnnualReport.objects.get().rating == "" and state_of(tenure) == TenureState.ACTIVE
    done = department.post(url("tenure-rate", report.pk), {"rating": "fail", "comment": "未达标", "confirmed": "1"})
    assert done.status_code == 302 and state_of(tenure) == TenureState.REVOKED


def test_a_reassessment_is_opened_and_a_failed_one_revokes_after_confirming(granted, city):
    tenure, department = granted, client_for(city.city)
    assert client_for(city.head).post(url("tenure-reassess", tenure.pk), {"comment": "自查"}).status_code == 403
    assert department.post(url("tenure-reassess", tenure.pk), {"comment": ""}).status_code == 400
    assert department.post(url("tenure-reassess", tenure.pk), {"comment": "群众反映问题"}).status_code == 302
    reassessment = Reassessment.objects.get()
    page = department.get(item_url(tenure.item)).content.decode()
    assert "群众反映问题" in page and url("tenure-record", reassessment.pk) in page
    asked = department.post(url("tenure-record", reassessment.pk), {"outcome": "failed", "comment": "问题属实"})
    assert asked.status_code == 200 and "确认不通过并撤销认定" in asked.content.decode()
    assert state_of(tenure) == TenureState.ACTIVE
    department.post(url("tenure-record", reassessment.pk), {"outcome": "failed", "comment": "问题属实", "confirmed": "1"})
    assert state_of(tenure) == TenureState.REVOKED
    assert "复核不通过" in department.get(item_url(tenure.item)).content.decode()


def test_the_holder_renews_and_the_renewal_appears_like_any_item(granted, city, time_machine):
    tenure = granted
    early = client_for(city.head).get(url("tenure-renew", tenure.pk))
    assert early.status_code == 403 and "方可申请续期" in early.content.decode()
    time_machine.move_to(at(2023, 10, 9), tick=False)
    assert client_for(city.city_head).post(url("tenure-renew", tenure.pk)).status_code == 403
    holder = client_for(city.head)
    assert holder.get(url("tenure-renew", tenure.pk)).status_code == 200
    done = holder.post(url("tenure-renew", tenure.pk))
    renewal = Item.objects.get(pk=Tenure.objects.get(pk=tenure.pk).renewal_item_id)
    assert done.status_code == 302 and done.url == item_url(renewal)
    page = holder.get(item_url(renewal)).content.decode()
    assert "本事项是续期申请" in page and tenure.item.ref_no in page
    assert renewal.ref_no in holder.get(item_url(tenure.item)).content.decode()
    again = holder.post(url("tenure-renew", tenure.pk))
    assert again.status_code == 409 and "已提出续期申请" in again.content.decode()


def test_the_list_filters_by_state_and_expiring_soon_within_the_readers_scope(granted, city, time_machine):
    tenure = granted
    other = tenure_of(approved(city, title="另一认定"))
    client_for(city.city_head).post(url("tenure-revoke", other.pk), {"comment": "撤销", "confirmed": "1"})
    department = client_for(city.city)
    response = department.get(reverse("workflows:tenures"))
    assert response.status_code == 200, response
    listed = response.content.decode()
    assert tenure.item.ref_no in listed and other.item.ref_no in listed
    revoked = department.get(reverse("workflows:tenures"), {"state": "revoked"}).content.decode()
    assert other.item.ref_no in revoked and tenure.item.ref_no not in revoked
    assert tenure.item.ref_no not in department.get(reverse("workflows:tenures"), {"expiring": "on"}).content.decode()
    time_machine.move_to(at(2024, 1, 2), tick=False)
    department = client_for(city.city)  # a new session: the old one has expired meanwhile
    soon = department.get(reverse("workflows:tenures"), {"expiring": "on"}).content.decode()
    assert tenure.item.ref_no in soon and "剩余58天" in soon and other.item.ref_no not in soon
    assert tenure.item.ref_no not in client_for(city.reviewer_b).get(reverse("workflows:tenures")).content.decode()
    assert tenure.item.ref_no not in client_for(city.head_b).get(reverse("workflows:tenures")).content.decode()
    bad = department.get(reverse("workflows:tenures"), {"state": "bogus"})
    assert bad.status_code == 400 and "筛选条件有误" in bad.content.decode()
    assert department.get(reverse("workflows:tenures"), {"page": "9"}).status_code == 404


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured.captured_queries)


def test_the_list_and_the_item_page_cost_the_same_for_more_rows(granted, city):
    department = client_for(city.city)
    few = _queries(department, reverse("workflows:tenures"))
    for n in range(4):
        approved(city, title=f"计数{n}")
    assert _queries(department, reverse("workflows:tenures")) == few
    # The item page's card: its reports and re-assessments are prefetched.
    base = _queries(department, item_url(granted.item))
    Reassessment.objects.create(tenure=granted, reason="一", opened_by=city.city, outcome="confirmed")
    Reassessment.objects.create(tenure=granted, reason="二", opened_by=city.city)
    AnnualReport.objects.create(tenure=granted, year=2021, summary="总结", filed_by=city.head)
    assert _queries(department, item_url(granted.item)) == base
