"""The demo's school accreditations (workflows.accreditation), in every state of the flow, on this
year's campaigns of workflows.demo.programmes. Each district shows one stretch of the path:

    和平区   a draft, one waiting for the district, one claimed, one returned, two waiting for the
             district head's recommendation list (推荐名单)
    沈河区   three recommended: one waiting for 形式审查, one the city returned to the district (its
             seat freed for a refill), one waiting for its expert panel
    大东区   two being scored by a panel: two of three experts have submitted
    皇姑区   two scored: one on-site visit scheduled, one to be scheduled
    铁西区   two visited, waiting for the department head's decision list
    苏家屯区 two in 公示, one with an objection lodged from the public page
    浑南区, 沈北新区  four approved (their notice ended): the 批复 with its 文号, a certificate each;
             one term active, one expiring within 90 days, one revoked, one expired
    and three kindergartens of 于洪区, 辽中区, 康平县 rated in the star programme, in 公示 as
    拟评定为五星 / 四星 / 三星.

Idempotent: nothing is written once the demo's applications exist."""

import datetime

from django.db import transaction

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from workflows.accreditation.models import Accreditation
from workflows.demo import programmes
from workflows.demo.guide import Try, districts, holder
from workflows.demo.rounds import Round, open_task
from workflows.engine import services
from workflows.engine.certificates.models import Certificate
from workflows.engine.experts import selectors as panels
from workflows.engine.meetings.models import Meeting
from workflows.engine.notices.models import Notice
from workflows.engine.notices.objections import lodge_objection
from workflows.engine.tenure import rules as tenure_rules
from workflows.engine.tenure.expiry import expire_tenure
from workflows.engine.tenure.models import Tenure
from workflows.engine.tenure.revoking import revoke_tenure

# Three experts' sheets over 新优质学校评估's leaves (A1 20, A2 20, B1 25, B2 35; pass mark 80).
STRONG = [{"A1": 18, "A2": 18, "B1": 23, "B2": 31}, {"A1": 19, "A2": 17, "B1": 22, "B2": 32},
          {"A1": 18, "A2": 18, "B1": 23, "B2": 30}]
GOOD = [{"A1": 17, "A2": 17, "B1": 22, "B2": 30}, {"A1": 16, "A2": 17, "B1": 21, "B2": 31},
        {"A1": 17, "A2": 16, "B1": 22, "B2": 29}]
# Over 幼儿园星级评定's leaves (A1 150, A2 150, B1 250, B2 250, C 200): 940, 870 and 790 points.
STARS = [
    [{"A1": 140, "A2": 140, "B1": 235, "B2": 235, "C": 190}] * 3,
    [{"A1": 130, "A2": 130, "B1": 220, "B2": 220, "C": 170}] * 3,
    [{"A1": 120, "A2": 120, "B1": 200, "B2": 190, "C": 160}] * 3,
]


def _schools(district, programme) -> list[Organisation]:
    """The district's schools the programme admits, each with a head to act, in tree order."""
    found = district.subtree().filter(kind=OrgKind.SCHOOL, is_active=True, school_type__in=programme.school_types,
                                      ownership__in=programme.ownerships).order_by("path")
    return [school for school in found if holder(Role.SCHOOL_HEAD, school)]


def _through_formal(round_, items):
    """Passed by their district, recommended in each district's list, passed by the city's 形式审查."""
    by_district = {}
    for item in items:
        round_.district_passed(item)
        by_district.setdefault(item.organisation.parent_id, []).append(item)
    for listed in by_district.values():
        round_.recommended(listed)
    for item in items:
        round_.formal_passed(item)


def _through_scoring(round_, items, sheets, title):
    _through_formal(round_, items)
    round_.panel(items, title=title)
    for item, scores in zip(items, sheets):
        round_.scored(item, scores)


def _through_visit(round_, items, sheets, title):
    _through_scoring(round_, items, sheets, title)
    for item in items:
        round_.held_visit(item)


def _reload(items):
    return list(Accreditation.objects.filter(pk__in=[item.pk for item in items]).order_by("pk"))


def _applied(round_, school_lists):
    return [[round_.applied(school) for school in schools] for schools in school_lists]


def seed_new_quality(campaign) -> None:
    round_ = Round(campaign)
    programme = campaign.programme
    city = districts()
    by_district = [_schools(district, programme) for district in city[:8]]
    heping, shenhe, dadong, huanggu, tiexi, sujiatun, hunnan, shenbei = by_district

    round_.applied(heping[0], submit=False)  # a draft the head has not sent
    waiting, claimed, returned, *listed = [round_.applied(school) for school in heping[1:6]]
    reviewer = holder(Role.DISTRICT_REVIEWER, city[0])
    services.claim_task(task=open_task(claimed), by=reviewer)
    services.return_task(task=open_task(returned), by=reviewer, to="revise",
                         comment="请补充近三年学业质量监测报告，自评表B2项须附佐证材料。")
    for item in listed:
        round_.district_passed(item)

    first, sent_back, to_panel = [round_.applied(school) for school in shenhe[:3]]
    for item in (first, sent_back, to_panel):
        round_.district_passed(item)
    round_.recommended([first, sent_back, to_panel])
    services.return_task(task=open_task(sent_back), by=round_.reviewer, to="district_review",
                         comment="推荐表未加盖区县教育局公章，请区县重新审核后再推荐。")
    round_.formal_passed(to_panel)
    refill = round_.applied(shenhe[3])
    round_.district_passed(refill)  # waits for the district head's list: the freed seat may take it

    scoring = [round_.applied(school) for school in dadong[:2]]
    _through_formal(round_, scoring)
    round_.panel(scoring, title=f"{programme.year}年度{programme.name}专家组（大东区）")
    for item in scoring:
        round_.sheets(item, STRONG[:2])  # the third expert has not submitted yet

    visiting = [round_.applied(school) for school in huanggu[:2]]
    _through_scoring(round_, visiting, [STRONG, GOOD], f"{programme.year}年度{programme.name}专家组（皇姑区）")
    round_.visit(visiting[0])

    deciding = [round_.applied(school) for school in tiexi[:2]]
    _through_visit(round_, deciding, [GOOD, STRONG], f"{programme.year}年度{programme.name}专家组（铁西区）")

    noticed = [round_.applied(school) for school in sujiatun[:2]]
    _through_visit(round_, noticed, [STRONG, GOOD], f"{programme.year}年度{programme.name}专家组（苏家屯区）")
    round_.decided(_reload(noticed))
    notice = round_.noticed(_reload(noticed))
    entry = notice.entries.order_by("rank").last()
    lodge_objection(notice=notice, entry=entry, real_name="王女士", unit="沈阳市某小区业主委员会", phone="13800001234",
                    facts="该校申报材料中“校舍与场地”一项所附照片为其他学校的照片，请核实。", ip="192.0.2.10")

    approved = [round_.applied(school) for school in hunnan[:2] + shenbei[:2]]
    _through_visit(round_, approved, [STRONG, GOOD, STRONG, GOOD],
                   f"{programme.year}年度{programme.name}专家组（浑南区、沈北新区）")
    decision = round_.decided(_reload(approved))
    round_.ended_notice(_reload(approved))
    round_.approval(decision)
    _lives(round_, approved)


def _lives(round_, approved) -> None:
    """The four terms: one active, one expiring within 90 days, one revoked, one expired."""
    tenures = [Tenure.objects.get(item_id=item.pk) for item in approved]
    expiring, expired = tenures[1], tenures[3]
    for tenure, ends_in in ((expiring, 45), (expired, -20)):
        # The demo's shortcut for time: these terms began three years ago, as if approved then.
        valid_until = tenure_rules.today() + datetime.timedelta(days=ends_in)
        starts_on = valid_until.replace(year=valid_until.year - tenure.terms.validity_years) + datetime.timedelta(days=1)
        Tenure.objects.filter(pk=tenure.pk).update(starts_on=starts_on, valid_until=valid_until)
        # Its certificate says the same (its PDF is drawn after the seeding commits, from these rows).
        Certificate.objects.filter(tenure=tenure).update(issued_on=starts_on, starts_on=starts_on,
                                                         valid_until=valid_until)
    expire_tenure(tenure=Tenure.objects.get(pk=expired.pk))
    revoke_tenure(tenure=tenures[2].pk, by=round_.head, reason="（演示）年度检查发现办学行为不规范，经复核撤销认定。")


def seed_stars(campaign) -> None:
    round_ = Round(campaign)
    programme = campaign.programme
    kindergartens = [_schools(district, programme)[0] for district in districts()[8:11]]
    items = [round_.applied(school) for school in kindergartens]
    _through_visit(round_, items, STARS, f"{programme.year}年度{programme.name}专家组")
    round_.decided(_reload(items))
    round_.noticed(_reload(items))


@transaction.atomic
def seed_accreditations() -> bool:
    """Seeds the demo's applications; False when the demo city or this year's campaigns are missing."""
    new_quality, stars = programmes.campaign_of(programmes.NEW_QUALITY), programmes.campaign_of(programmes.STARS)
    if new_quality is None or stars is None or len(districts()) < 11:
        return False
    if not Accreditation.objects.exists():
        seed_new_quality(new_quality)
        seed_stars(stars)
    return True


def seed() -> list[Try]:
    if not seed_accreditations():
        return []
    city = districts()
    basic = programmes.campaign_of(programmes.NEW_QUALITY).owner_department
    people = {"heping_reviewer": holder(Role.DISTRICT_REVIEWER, city[0]), "heping_head": holder(Role.DISTRICT_HEAD, city[0]),
              "shenhe_head": holder(Role.DISTRICT_HEAD, city[1]), "city": holder(Role.CITY_REVIEWER, basic),
              "city_head": holder(Role.CITY_HEAD, basic)}
    returned = Accreditation.objects.filter(status=Accreditation.Status.RETURNED).select_related("organisation").first()
    draft = Accreditation.objects.filter(status=Accreditation.Status.DRAFT).select_related("organisation").first()
    school_head = returned and holder(Role.SCHOOL_HEAD, returned.organisation)
    draft_head = draft and holder(Role.SCHOOL_HEAD, draft.organisation)
    tries = []
    if draft_head:
        tries.append(Try(draft_head.username, "打开「发起申报」：继续填写草稿（申报摘要、按指标自评、按材料类别上传），再提交；"
                                              "同一批次再发起一份试试，系统会拒绝。"))
    if school_head:
        tries.append(Try(school_head.username, "「我的申请」里有一份被区县退回的申报：按退回意见修改自评后重新提交，审核人能看到改了什么。"))
    tries += [
        Try(people["heping_reviewer"].username, "打开「待办」和「可领取」：审核和平区学校的认定申报，通过、退回或驳回并填写意见；"
                                                "也可勾选几件「批量通过」。"),
        Try(people["heping_head"].username, "打开「可领取」→“在名单中办理”：排好两所学校的推荐顺序，在区县名额内签署推荐名单。"),
        Try(people["shenhe_head"].username, "市局把一所学校退回了区县，名额已释放：区县审核员重新审核后，或把已通过的另一所学校"
                                            "补进推荐名单（名单办理）。"),
        Try(people["city"].username, "「可领取」里有沈河区推荐的申报待形式审查；「专家抽取」为等待评审的申报抽取专家组（回避本区县专家）；"
                                     "皇姑区一所学校待安排实地考察：在事项页「安排会议」。"),
        Try(people["city_head"].username, "打开「可领取」→“在名单中办理”：按专家评分排序签署决定名单；再到「公示管理」处理苏家屯区"
                                          "公示收到的异议（调查、成立或不成立）。"),
        Try(people["city_head"].username, "「发文」里有浑南区、沈北新区四所学校的认定批复（带文号，可下载PDF）；"
                                          "「认定有效期」里看有效、即将到期、已撤销和已过期的认定。"),
    ]
    return tries + _later_tries()


def _later_tries() -> list[Try]:
    """The expert who still has to score, the school with a visit coming, a certificate's holder,
    the public 公示 page and the star ratings."""
    tries = []
    scoring = Accreditation.objects.filter(status=Accreditation.Status.EXPERT_REVIEW).order_by("pk")
    for item in scoring:
        waiting = next((seat for seat in panels.scorers(item) if not seat.score_sheets.filter(item=item).exists()), None)
        if waiting is not None:
            tries.append(Try(waiting.expert.user.username, f"「我的评审」→「评分表」：为“{item.title}”逐项打分并写评语，"
                                                           "先保存草稿再提交；试试超出满分的分数，看系统如何拒绝。"))
            break
    meeting = Meeting.objects.filter(state="scheduled", item__kind=Accreditation.KIND).select_related("item").first()
    visited = meeting and holder(Role.SCHOOL_HEAD, meeting.item.organisation)
    if visited:
        tries.append(Try(visited.username, "「我的会议」：市局安排的实地考察的时间、地点和专家组；会前会收到提醒。"))
    certificate = Certificate.objects.filter(item__kind=Accreditation.KIND).select_related("item").order_by("pk").first()
    holder_head = certificate and holder(Role.SCHOOL_HEAD, certificate.item.organisation)
    if holder_head:
        tries.append(Try(holder_head.username, "打开「证书」，下载认定证书PDF，扫描二维码或打开其下方的网址：公开查验页"
                                               "（无需登录）显示「有效」；「认定有效期」里可提交年度总结。"))
    notice = Notice.objects.filter(closed_at__isnull=True, flow__endswith="AccreditationFlow").order_by("pk").first()
    head = notice and holder(Role.CITY_HEAD, notice.owner_department)
    if head:
        tries.append(Try(head.username, f"退出登录，打开公示公开页 /public/notices/{notice.pk}/：任何人可查看拟认定名单并"
                                        "实名提出异议（无需登录）；再登录回来在「公示管理」查看。"))
    stars = Notice.objects.filter(closed_at__isnull=True, owner_department__code="preschool").order_by("pk").first()
    preschool = stars and holder(Role.CITY_HEAD, stars.owner_department)
    if preschool:
        tries.append(Try(preschool.username, "「公示管理」：幼儿园星级评定的公示按专家评分写明“拟评定为五星/四星/三星”。"))
    return tries
