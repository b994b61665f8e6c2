"""The demo piece of 申报项目 and 申报批次 (workflows.programmes): the programmes of 沈教发〔2021〕1号
with their real quotas (workflows.programmes.seed), and this year's rounds of three of them, copied
from 2021 as a department would (复制为今年度), each with its rubric (workflows.demo.rubrics) and a
campaign open now with seats in every district:

- 新优质均衡(示范)学校 (基础教育处; pass mark, on-site visit), 3 seats per district;
- 幼儿园星级评定 (学前教育处; graded in five stars), 3 seats per district.

`this_year(code)` and `campaign_of(code)` are what the later pieces build their items on."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.docnumbers.defaults import seed_document_types
from core.orgs.roles import Role
from workflows.demo import rubrics
from workflows.demo.guide import Try, department, districts, holder
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.tenure.models import TermsPolicy
from workflows.programmes.campaigns import open_campaign
from workflows.programmes.models import Programme
from workflows.programmes.seed import YEAR, seed_programmes
from workflows.programmes.services import copy_programme, edit_programme

NEW_QUALITY, STARS = "new-quality", "kindergarten-stars"
# (programme code, its department, its rubric, seats per district)
THIS_YEAR = ((NEW_QUALITY, "basic", rubrics.NEW_QUALITY, 3), (STARS, "preschool", rubrics.STARS, 3))
OPENED_DAYS_AGO, CLOSES_IN_DAYS = 20, 20


def campaign_name(year: int) -> str:
    return f"{year}年度第一批"


def this_year(code: str) -> Programme | None:
    return Programme.objects.filter(code=code, year=timezone.localdate().year).first()


def campaign_of(code: str) -> Campaign | None:
    programme = this_year(code)
    return programme and Campaign.objects.filter(programme=programme, name=campaign_name(programme.year)).first()


@transaction.atomic
def seed_this_year() -> None:
    year = timezone.localdate().year
    seed_document_types()  # as `make run` does first: the programmes' 文号 prefixes (决定, 批复…)
    seed_programmes()
    for code, department_code, spec, seats in THIS_YEAR:
        owner = department(department_code)
        head = owner and holder(Role.CITY_HEAD, owner)
        source = Programme.objects.filter(code=code, year=YEAR).first()
        if head is None or source is None or campaign_of(code) is not None:
            continue
        programme = this_year(code) or copy_programme(programme=source, by=head, year=year)
        edit_programme(programme=programme, by=head, rubric=rubrics.rubric(spec))
        _terms(programme)
        now = timezone.now()
        open_campaign(programme=programme, by=head, name=campaign_name(year),
                      opens_at=now - datetime.timedelta(days=OPENED_DAYS_AGO),
                      closes_at=now + datetime.timedelta(days=CLOSES_IN_DAYS),
                      district_quotas={district: seats for district in districts()})


def _terms(programme) -> None:
    """How an accreditation of the programme lives on (workflows.engine.tenure): its validity, the
    expiry reminders at 90 and 30 days, two 不合格 revoke, a renewal skips the district's stages."""
    TermsPolicy.objects.get_or_create(kind=programme.kind, programme_code=programme.code, defaults={
        "name": f"{programme.name}（有效期{programme.validity_years}年）", "validity_years": programme.validity_years,
        "reminder_days": [90, 30], "failures_to_revoke": 2,
        "renewal_skips": ["district_review", "district_recommend", "formal_review"]})


def seed() -> list[Try]:
    if department("basic") is None:
        return []
    seed_this_year()
    for spec in rubrics.ALL:  # last year's frozen 普惠 rubric and this year's in edit
        rubrics.rubric(spec)
    tries = []
    year = timezone.localdate().year
    head, preschool = holder(Role.CITY_HEAD, department("basic")), holder(Role.CITY_REVIEWER, department("preschool"))
    if head:
        tries.append(Try(head.username, "打开「申报项目」：2021年度的项目和名额（新优质均衡100、管理标准达标校150、四类高中各10）；"
                                        "打开“新优质均衡(示范)学校”的2021年度，点「复制为下一年度」，改名额后「新建申报批次」，"
                                        "填开始和截止时间与各区县名额；把截止时间改到开始之前试试，看中文的错误提示。"))
        tries.append(Try(head.username, f"在「申报项目」打开{year}年度“新优质均衡(示范)学校”的“{campaign_name(year)}”："
                                        "各区县有多少学校已提交、已发起未提交、未发起。"))
    if preschool:
        tries.append(Try(preschool.username, "打开「申报项目」里的“普惠性民办园认定”：只面向民办幼儿园；再打开“幼儿园星级评定”，"
                                             "评审结果为按等级评定（五星至一星）。"))
    return tries
