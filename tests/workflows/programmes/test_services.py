"""The programme services: each change audited, bad input refused in Chinese with nothing
written, what a campaign was opened under fixed, 复制上一年度 copying the rubric as a new version."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.audit.models import AuditEvent
from core.orgs.models import SchoolType
from tests.factories import OrganisationFactory
from tests.workflows.engine.rubrics.helpers import school_rubric, star_rubric
from tests.workflows.programmes.conftest import programme_fields, window
from workflows.engine.exceptions import NotFound
from workflows.programmes.campaigns import open_campaign
from workflows.programmes.models import CampaignNoticeSent, EvidenceSlot, Programme, ProgrammeQuota
from workflows.programmes.services import copy_programme, create_programme, edit_programme


def actions(programme):
    return list(AuditEvent.objects.filter(object_id=str(programme.pk), action__startswith="programme_")
                .order_by("seq").values_list("action", flat=True))


def test_a_new_programme_has_its_default_slots_quotas_and_an_audit_event(town, programme):
    city = town.city
    assert [(s.code, s.name, s.required) for s in programme.slots.all()] == [
        ("report", "自评报告", True), ("evidence", "佐证材料", True), ("other", "其他材料", False)]
    assert programme.slots.get(code="report").extensions() == ("pdf", "docx", "doc", "wps")
    assert {row.district: row.quota for row in programme.district_quotas.all()} == {city.district_a: 6,
                                                                                     city.district_b: 4}
    assert (programme.notice_days, programme.validity_years, programme.remind_days) == (5, 3, 3)
    event = AuditEvent.objects.get(action="programme_create", object_id=str(programme.pk))
    assert (event.actor, event.data["fields"]["total_quota"]) == (city.city, 100)


@pytest.mark.parametrize("fields, field, words", [
    ({"school_types": []}, "school_types", "请至少选择一种可申报的学校类型"),
    ({"school_types": ["castle"]}, "school_types", "请至少选择一种可申报的学校类型"),
    ({"ownerships": []}, "ownerships", "请选择公办、民办或两者"),
    ({"kind": "nonsense"}, "kind", "未知的事项类别"),
    ({"name": "  "}, "name", "请填写项目名称"),
    ({"notice_days": 0}, "notice_days", ""),
    ({"notice_days": 31}, "notice_days", ""),
    ({"validity_years": 0}, "validity_years", ""),
    ({"code": "不是代码"}, "code", ""),
    ({"outcome": "maybe"}, "outcome", "请选择评审结果的方式"),
    ({"doc_type": 987654}, "doc_type", "请选择启用中的发文类型"),
])
def test_bad_fields_are_refused_by_name_and_nothing_is_written(town, fields, field, words):
    city = town.city
    with pytest.raises(ValidationError) as caught:
        create_programme(department=city.department, by=city.city, **programme_fields(**fields))
    assert field in caught.value.message_dict and words in " ".join(caught.value.message_dict[field])
    assert not Programme.objects.exists() and not EvidenceSlot.objects.exists()


def test_a_rubric_must_be_the_departments_and_fit_the_outcome(town):
    city = town.city
    theirs = school_rubric(town.preschool, town.preschool_reviewer)
    with pytest.raises(ValidationError, match="只能使用本处室的评分指标"):
        create_programme(department=city.department, by=city.city, **programme_fields(rubric=theirs))
    ours = school_rubric(city.department, city.city)  # a pass mark, no bands
    with pytest.raises(ValidationError, match="须设有等级分数段"):
        create_programme(department=city.department, by=city.city, **programme_fields(rubric=ours, outcome="graded"))
    stars = star_rubric(city.department, city.city)
    graded = create_programme(department=city.department, by=city.city, **programme_fields(
        rubric=stars, outcome="graded", school_types=[SchoolType.KINDERGARTEN]))
    assert graded.rubric == stars
    assert Programme.objects.count() == 1


def test_the_same_code_or_name_in_a_year_is_refused(town, programme):
    city = town.city
    with pytest.raises(ValidationError, match="2021年度已有代码为“new-quality”的申报项目"):
        create_programme(department=city.department, by=city.city, **programme_fields(name="另一个"))
    with pytest.raises(ValidationError, match="2021年度已有名为"):
        create_programme(department=city.department, by=city.city, **programme_fields(code="other"))
    assert Programme.objects.count() == 1


@pytest.mark.parametrize("slots, words", [
    ([{"code": "a", "name": ""}], "缺少名称"),
    ([{"code": "a", "name": "甲", "accepted": ["exe"]}], "文件类型不正确"),
    ([{"code": "不行", "name": "甲"}], "代码须为英文小写"),
    ([{"code": "a", "name": "甲"}, {"code": "a", "name": "乙"}], "重复"),
])
def test_bad_slots_are_refused(town, slots, words):
    city = town.city
    with pytest.raises(ValidationError, match=words):
        create_programme(department=city.department, by=city.city, slots=slots, **programme_fields())
    assert not Programme.objects.exists()


def test_quotas_go_to_districts_only_as_whole_numbers(town):
    city = town.city
    for quotas, words in (({city.school_a: 3}, "只能给区县分配名额"), ({city.district_a: -1}, "不小于0的整数"),
                          ({city.district_a: "3"}, "不小于0的整数"), ({"99999999999999999999": 3}, "只能给区县")):
        with pytest.raises(ValidationError, match=words):
            create_programme(department=city.department, by=city.city, district_quotas=quotas, **programme_fields())
    assert not Programme.objects.exists() and not ProgrammeQuota.objects.exists()


def test_an_edit_changes_only_what_it_names_and_is_audited(town, programme):
    city = town.city
    edit_programme(programme=programme, by=city.city_head, total_quota=120, onsite_visit=True,
                   slots=[{"code": "report", "name": "自评报告", "required": True, "accepted": ["pdf"]}],
                   district_quotas={str(city.district_a.pk): 8})
    programme.refresh_from_db()
    assert (programme.total_quota, programme.onsite_visit, programme.defence) == (120, True, False)
    assert [s.name for s in programme.slots.all()] == ["自评报告"]
    assert [(q.district, q.quota) for q in programme.district_quotas.all()] == [(city.district_a, 8)]
    assert actions(programme) == ["programme_create", "programme_edit", "programme_slots_set", "programme_quotas_set"]
    edit = AuditEvent.objects.get(action="programme_edit")
    assert edit.data == {"before": {"total_quota": 100, "onsite_visit": False},
                         "after": {"total_quota": 120, "onsite_visit": True}}
    with pytest.raises(ValidationError, match="不能修改这些字段：owner_department"):
        edit_programme(programme=programme, by=city.city, owner_department=town.preschool)


def test_once_a_campaign_exists_its_kind_code_year_and_rubric_stay(town, programme):
    city = town.city
    open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    rubric = school_rubric(city.department, city.city)
    with pytest.raises(ValidationError) as caught:
        edit_programme(programme=programme, by=city.city, year=2022, rubric=rubric)
    assert set(caught.value.message_dict) == {"year", "rubric"}
    assert "请复制为新的年度" in caught.value.message_dict["year"][0]
    edit_programme(programme=programme, by=city.city, notice_days=7)  # the rest still changes
    programme.refresh_from_db()
    assert (programme.year, programme.rubric, programme.notice_days) == (2021, None, 7)


def test_copying_last_years_programme_copies_its_rubric_as_a_new_version(town):
    city = town.city
    rubric = school_rubric(city.department, city.city, year=2021)
    last = create_programme(department=city.department, by=city.city, district_quotas={city.district_a: 6},
                            **programme_fields(rubric=rubric, onsite_visit=True))
    open_campaign(programme=last, by=city.city, name="2021年度", **window())
    rubric.refresh_from_db()
    assert rubric.frozen  # the campaign took it into use
    copy = copy_programme(programme=last, by=city.city_head)
    assert (copy.year, copy.code, copy.name, copy.copied_from, copy.onsite_visit, copy.total_quota) == (
        2022, "new-quality", "新优质均衡(示范)学校", last, True, 100)
    assert copy.rubric != rubric and copy.rubric.copied_from == rubric and copy.rubric.year == 2022
    assert not copy.rubric.frozen and copy.rubric.pass_mark == D(80)
    assert [s.code for s in copy.slots.all()] == ["report", "evidence", "other"]
    assert [(q.district, q.quota) for q in copy.district_quotas.all()] == [(city.district_a, 6)]
    assert not copy.campaigns.exists()
    with pytest.raises(ValidationError, match="2022年度已有代码"):
        copy_programme(programme=last, by=city.city)
    assert Programme.objects.count() == 2


def test_nobody_outside_the_department_creates_edits_or_copies(town, programme):
    city = town.city
    for outsider in (town.preschool_reviewer, city.reviewer, city.district_head, city.head, town.expert):
        with pytest.raises(NotFound):
            create_programme(department=city.department, by=outsider, **programme_fields(code="x", name="x"))
        with pytest.raises(NotFound):
            edit_programme(programme=programme, by=outsider, total_quota=1)
        with pytest.raises(NotFound):
            copy_programme(programme=programme, by=outsider)
    programme.refresh_from_db()
    assert programme.total_quota == 100 and Programme.objects.count() == 1
    assert actions(programme) == ["programme_create"]


def test_the_database_refuses_what_the_services_refuse(town, programme):
    city = town.city
    other = OrganisationFactory.department(name="职业教育处", code="vocational")
    for bad in ({"code": "new-quality"}, {"name": "新优质均衡(示范)学校"}):
        fields = {"code": "x", "name": "x", **bad}
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.create(kind="sample", year=2021, owner_department=other, **fields)
    for field, value in (("notice_days", 0), ("notice_days", 31), ("validity_years", 0), ("validity_years", 11),
                         ("remind_days", 31), ("year", 1999)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.filter(pk=programme.pk).update(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeQuota.objects.create(programme=programme, district=city.district_a, quota=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceSlot.objects.create(programme=programme, code="report", name="另一个")
    campaign = open_campaign(programme=programme, by=city.city, name="2021年度", **window())
    CampaignNoticeSent.objects.create(campaign=campaign, stage="opened")
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignNoticeSent.objects.create(campaign=campaign, stage="opened")
