"""Life after approval, one service at a time: the tenure an approval begins, 撤销 with its reason
and 文号, 年度考核 (filed by the holder in the window, rated by the department) and the rule "two
不合格 revoke", 复核, and every refusal: no reason, not active, outside the window, a school
rating itself, a stranger, a reviewer who is not a head."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.docnumbers.models import DocumentType
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.engine.tenure.tenure_helpers import APPROVAL_DAY, approved, at, granted, sample_terms  # noqa: F401
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.tenure import rules
from workflows.engine.tenure.models import (
    AnnualReport,
    Rating,
    ReassessmentOutcome,
    Tenure,
    TenureState,
    TermsPolicy,
)
from workflows.engine.tenure.reassessment import open_reassessment, record_reassessment
from workflows.engine.tenure.reports import file_report, rate_report
from workflows.engine.tenure.revoking import revoke_tenure

pytestmark = pytest.mark.django_db


def events(tenure):
    return list(AuditEvent.objects.filter(object_id=str(tenure.pk), action__startswith="tenure_")
                .order_by("seq").values_list("action", flat=True))


def test_an_approval_begins_a_tenure_for_the_terms_validity(granted):
    tenure = granted
    assert tenure.state == TenureState.ACTIVE
    assert tenure.starts_on == datetime.date(2021, 3, 1)
    assert tenure.valid_until == datetime.date(2024, 2, 29)  # 2024 is a leap year: the day before 1 March
    assert events(tenure) == ["tenure_granted"]


def test_without_terms_an_approval_begins_no_tenure(city, time_machine):
    time_machine.move_to(APPROVAL_DAY, tick=False)
    item = approved(city)
    assert not Tenure.objects.filter(item=item).exists()


def test_a_term_from_29_february_ends_on_28_february():
    assert rules.valid_until(datetime.date(2024, 2, 29), 3) == datetime.date(2027, 2, 28)
    assert rules.valid_until(datetime.date(2021, 3, 1), 1) == datetime.date(2022, 2, 28)


def test_the_programme_s_terms_win_over_the_kind_s():
    sample_terms()
    TermsPolicy.objects.create(kind="sample", programme_code="star", name="星级", validity_years=5)
    assert rules.terms_for("sample", "star").validity_years == 5
    assert rules.terms_for("sample", "other").validity_years == 3
    assert rules.terms_for("nothing") is None


# --- 撤销 --------------------------------------------------------------------------------------


def test_the_department_head_revokes_with_a_reason_and_a_numbered_decision(granted, city):
    tenure = revoke_tenure(tenure=granted.pk, by=city.city_head, reason="办学行为严重违规。")
    tenure.refresh_from_db()
    assert tenure.state == TenureState.REVOKED and tenure.end_reason == "办学行为严重违规。"
    assert tenure.document.text == "沈教发〔2021〕1号" and tenure.ended_by == city.city_head
    assert events(tenure) == ["tenure_granted", "tenure_revoked"]
    event = AuditEvent.objects.get(action="tenure_revoked")
    assert event.actor == city.city_head and event.data["document"] == "沈教发〔2021〕1号"


def test_revoking_without_a_reason_is_refused_and_changes_nothing(granted, city):
    with pytest.raises(ValidationError) as refused:
        revoke_tenure(tenure=granted.pk, by=city.city_head, reason="   ")
    assert "撤销必须填写理由。" in str(refused.value)
    assert Tenure.objects.get().state == TenureState.ACTIVE and events(granted) == ["tenure_granted"]


def test_revoking_an_expired_or_revoked_tenure_is_refused(granted, city):
    Tenure.objects.filter(pk=granted.pk).update(state=TenureState.EXPIRED)
    with pytest.raises(InvalidState, match="已到期"):
        revoke_tenure(tenure=granted.pk, by=city.city_head, reason="迟到的撤销。")
    assert events(granted) == ["tenure_granted"]


def test_only_a_head_of_the_owning_department_revokes(granted, city):
    with pytest.raises(NotAllowed, match="负责人"):
        revoke_tenure(tenure=granted.pk, by=city.city, reason="审核员不能撤销。")
    with pytest.raises(NotAllowed):
        revoke_tenure(tenure=granted.pk, by=city.head, reason="学校不能撤销自己。")
    with pytest.raises(NotFound):  # another district's school head does not even see it
        revoke_tenure(tenure=granted.pk, by=city.head_b, reason="陌生人。")
    other = OrganisationFactory.department(name="职业教育处", code="vocational")
    with pytest.raises(NotFound):
        revoke_tenure(tenure=granted.pk, by=person("vocational_head", Role.CITY_HEAD, other), reason="别的处室。")
    assert Tenure.objects.get().state == TenureState.ACTIVE


def test_a_revocation_without_its_document_type_is_refused(granted, city):
    DocumentType.objects.filter(code="revocation").update(is_active=False)
    with pytest.raises(ValidationError, match="公文类型"):
        revoke_tenure(tenure=granted.pk, by=city.city_head, reason="办学行为严重违规。")
    assert Tenure.objects.get().state == TenureState.ACTIVE


# --- 年度考核 ------------------------------------------------------------------------------------


def test_the_holder_files_in_the_window_and_the_department_rates(granted, city, time_machine):
    time_machine.move_to(at(2021, 11, 15), tick=False)
    report = file_report(tenure=granted.pk, by=city.head, summary="本年度开展公开课12节。")
    assert report.year == 2021 and report.rating == ""
    rated = rate_report(report=report.pk, by=city.city, rating=Rating.EXCELLENT, note="成效显著。")
    assert rated.get_rating_display() == "优秀" and rated.rated_by == city.city
    assert events(granted) == ["tenure_granted", "tenure_report_filed", "tenure_report_rated"]


def test_filing_or_rating_outside_the_window_is_refused(granted, city, time_machine):
    with pytest.raises(InvalidState, match="不在年度考核期内"):  # 1 March: the window opens 1 November
        file_report(tenure=granted.pk, by=city.head, summary="太早了。")
    time_machine.move_to(at(2021, 12, 31), tick=False)
    report = file_report(tenure=granted.pk, by=city.head, summary="最后一天提交。")
    time_machine.move_to(at(2022, 1, 1), tick=False)
    with pytest.raises(InvalidState, match="不在年度考核期内"):
        rate_report(report=report.pk, by=city.city, rating=Rating.PASS)
    assert AnnualReport.objects.get().rating == ""


def test_a_school_never_rates_itself_and_a_stranger_sees_nothing(granted, city, time_machine):
    time_machine.move_to(at(2021, 11, 15), tick=False)
    report = file_report(tenure=granted.pk, by=city.head, summary="本年度总结。")
    with pytest.raises(NotAllowed):
        rate_report(report=report.pk, by=city.head, rating=Rating.EXCELLENT)
    with pytest.raises(NotFound):
        rate_report(report=report.pk, by=city.head_b, rating=Rating.FAIL, note="陌生人。")
    with pytest.raises(NotAllowed):  # the department files nothing in the holder's name
        file_report(tenure=granted.pk, by=city.city, summary="代填。")
    with pytest.raises(NotFound):
        file_report(tenure=granted.pk, by=city.head_b, summary="陌生人。")
    assert AnnualReport.objects.get().rating == ""


def test_bad_ratings_and_second_reports_are_refused(granted, city, time_machine):
    time_machine.move_to(at(2021, 11, 15), tick=False)
    with pytest.raises(ValidationError, match="年度总结"):
        file_report(tenure=granted.pk, by=city.head, summary="")
    report = file_report(tenure=granted.pk, by=city.head, summary="总结。")
    with pytest.raises(InvalidState, match="已提交"):
        file_report(tenure=granted.pk, by=city.head, summary="再交一次。")
    with pytest.raises(ValidationError, match="考核结果"):
        rate_report(report=report.pk, by=city.city, rating="great")
    with pytest.raises(ValidationError, match="考核意见"):
        rate_report(report=report.pk, by=city.city, rating=Rating.FAIL)
    rate_report(report=report.pk, by=city.city, rating=Rating.PASS)
    with pytest.raises(InvalidState, match="已考核"):
        rate_report(report=report.pk, by=city.city_head, rating=Rating.FAIL, note="改判。")
    assert AnnualReport.objects.get().rating == Rating.PASS


def test_two_fails_revoke_by_the_terms_rule(granted, city, time_machine):
    for year, expected in ((2021, TenureState.ACTIVE), (2022, TenureState.REVOKED)):
        time_machine.move_to(at(year, 11, 15), tick=False)
        report = file_report(tenure=granted.pk, by=city.head, summary=f"{year}年度总结。")
        rate_report(report=report.pk, by=city.city, rating=Rating.FAIL, note="活动未开展。")
        assert Tenure.objects.get().state == expected
    tenure = Tenure.objects.get()
    assert tenure.end_reason == "年度考核累计2次不合格，依规则撤销认定。" and tenure.document.text == "沈教发〔2022〕1号"
    assert events(tenure)[-2:] == ["tenure_report_rated", "tenure_revoked"]
    assert AuditEvent.objects.get(action="tenure_revoked").data["rule"] == "failures"


def test_the_rule_is_data_one_fail_is_only_a_warning_without_it(granted, city, time_machine):
    sample_terms(failures_to_revoke=None)
    for year in (2021, 2022, 2023):
        time_machine.move_to(at(year, 11, 15), tick=False)
        report = file_report(tenure=granted.pk, by=city.head, summary="总结。")
        rate_report(report=report.pk, by=city.city, rating=Rating.FAIL, note="不合格。")
    assert Tenure.objects.get().state == TenureState.ACTIVE


# --- 复核 --------------------------------------------------------------------------------------


def test_a_reassessment_confirmed_keeps_and_failed_revokes(granted, city):
    first = open_reassessment(tenure=granted.pk, by=city.city, reason="群众反映办学条件下降。")
    with pytest.raises(InvalidState, match="复核中"):
        open_reassessment(tenure=granted.pk, by=city.city, reason="再开一次。")
    record_reassessment(reassessment=first.pk, by=city.city_head, outcome=ReassessmentOutcome.CONFIRMED,
                        note="条件达标。")
    assert Tenure.objects.get().state == TenureState.ACTIVE
    second = open_reassessment(tenure=granted.pk, by=city.city, reason="再次反映。")
    with pytest.raises(ValidationError, match="复核意见"):
        record_reassessment(reassessment=second.pk, by=city.city, outcome=ReassessmentOutcome.FAILED, note="")
    with pytest.raises(NotAllowed):
        record_reassessment(reassessment=second.pk, by=city.head, outcome=ReassessmentOutcome.CONFIRMED, note="自评。")
    record_reassessment(reassessment=second.pk, by=city.city, outcome=ReassessmentOutcome.FAILED, note="条件不达标。")
    tenure = Tenure.objects.get()
    assert tenure.state == TenureState.REVOKED and tenure.end_reason == "复核不通过：条件不达标。"
    with pytest.raises(InvalidState):
        record_reassessment(reassessment=second.pk, by=city.city, outcome=ReassessmentOutcome.CONFIRMED, note="晚了。")
