"""The demo's 评分指标: 学前教育处's 幼儿园星级评定 for this year in edit (two levels, the five star
bands of the Liaoning standard, no pass mark), its 普惠性民办园认定 of last year frozen (taken into
use by last year's round: the list offers 复制为今年度), and 基础教育处's 新优质学校评估, frozen by
the scoring demo's first score sheet. Idempotent: a second run finds them and writes nothing."""

from django.db import transaction
from django.utils import timezone

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.sampleapp import demo_scoring
from tests.sampleapp.demo import _holder
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.scoring import RUBRIC_NAME
from workflows.engine.rubrics.indicator_edits import add_indicator
from workflows.engine.rubrics.models import Rubric
from workflows.engine.rubrics.services import create_rubric, set_bands, use_rubric

STARS = "幼儿园星级评定"
STAR_INDICATORS = [  # code, name, max, parent, guidance
    ("A", "办园条件", 300, None, ""),
    ("A1", "园舍场地", 150, "A", "生均建筑面积、户外活动场地达到省定标准。"),
    ("A2", "玩教具与图书", 150, "A", "按班配备，定期更新，有使用记录。"),
    ("B", "保育教育", 500, None, ""),
    ("B1", "一日生活", 250, "B", "作息合理，保教结合；无“小学化”倾向。"),
    ("B2", "游戏活动", 250, "B", "以游戏为基本活动，区域活动材料丰富。"),
    ("C", "安全与卫生", 200, None, "两年内发生安全责任事故的不予评定。"),
]
STAR_BANDS = [
    {"label": "五星", "min_score": 900},
    {"label": "四星", "min_score": 850, "max_score": 899},
    {"label": "三星", "min_score": 750, "max_score": 849},
    {"label": "二星", "min_score": 650, "max_score": 749},
    {"label": "一星", "min_score": 550, "max_score": 649},
]
INCLUSIVE = "普惠性民办园认定"
INCLUSIVE_INDICATORS = [("P1", "收费标准", 40, None, "不高于同类公办园收费的1.5倍。"),
                        ("P2", "办园质量", 60, None, "达到二星级及以上标准。")]


def _department(code):
    return Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code=code).first()


def _build(department, by, name, year, indicators, **fields) -> Rubric:
    found = Rubric.objects.filter(department=department, name=name, year=year).first()
    if found is not None:
        return found
    rubric = create_rubric(department=department, name=name, year=year, by=by, **fields)
    for code, label, top, parent, guidance in indicators:
        add_indicator(rubric=rubric, by=by, code=code, name=label, max_score=top, parent=parent, guidance=guidance)
    return rubric


@transaction.atomic
def seed_rubrics():
    """(the preschool reviewer, the basic reviewer): None for a piece the demo city lacks."""
    year = timezone.localdate().year
    preschool = _department("preschool")
    staff = preschool and _holder(Role.CITY_REVIEWER, preschool)
    if staff is not None:
        stars = _build(preschool, staff, STARS, year, STAR_INDICATORS, pass_mark=None,
                       tie_breaks=[{"by": "indicator", "code": "B"}])
        if not stars.bands.exists():
            set_bands(rubric=stars, bands=STAR_BANDS, by=staff)
        inclusive = _build(preschool, staff, INCLUSIVE, year - 1, INCLUSIVE_INDICATORS, pass_mark=60,
                           result_rule="mean")
        use_rubric(rubric=inclusive, by=staff, user=f"{year - 1}年度普惠性民办园认定")
    item = demo_scoring.seed_scoring()  # its first saved sheet freezes 新优质学校评估
    basic = item and Rubric.objects.filter(department=item.owner_department, name=RUBRIC_NAME,
                                           frozen_at__isnull=False).first()
    return staff, basic and _holder(Role.CITY_REVIEWER, basic.department)


def seed() -> list[Try]:
    staff, basic = seed_rubrics()
    tries = []
    year = timezone.localdate().year
    if staff is not None:
        tries.append(Try(staff.username, f"「评分指标」→「{STARS}」（编辑中）：看两级指标、满分合计和五星至一星的等级；"
                                         "添加一项指标、上移下移、改满分，试试填0分满分或让两个等级的分数重叠，看系统如何拒绝。"))
        tries.append(Try(staff.username, f"「评分指标」列表中“{INCLUSIVE}”是{year - 1}年度已冻结的版本："
                                         f"点「复制为{year}年度」，得到今年可修改的第1版。"))
    if basic is not None:
        tries.append(Try(basic.username, f"「评分指标」→「{RUBRIC_NAME}」：专家评分演示已使用它，页面只读并说明使用方；"
                                         "点「复制为新版本」得到第2版再修改，已启用的版本保持不变。"))
    return tries
