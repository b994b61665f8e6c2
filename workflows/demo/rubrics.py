"""The demo's 评分指标 (workflows.engine.rubrics), as the departments would write them:

- 基础教育处's 新优质学校评估 (two groups, four indicators, pass mark 80), the rubric of this year's
  新优质均衡(示范)学校 campaign, so frozen once the campaign opens;
- 学前教育处's 幼儿园星级评定 (two levels, the five star bands of the Liaoning standard, no pass
  mark), the rubric of this year's star rating, frozen the same way;
- 学前教育处's 普惠性民办园认定 of last year, frozen by last year's round (the list offers 复制为今年度);
- 基础教育处's 义务教育课程改革评估 for this year, still in edit (graded: 先进校 and 达标校).

`rubric(code)` builds one by its key the first time and finds it afterwards (idempotent)."""

from dataclasses import dataclass

from django.utils import timezone

from core.orgs.roles import Role
from workflows.demo.guide import Try, department, holder
from workflows.engine.rubrics.indicator_edits import add_indicator
from workflows.engine.rubrics.models import Rubric
from workflows.engine.rubrics.services import create_rubric, set_bands, use_rubric


@dataclass(frozen=True)
class DemoRubric:
    department: str  # the department's code in the demo city
    name: str
    years_ago: int  # 0: this year's
    indicators: tuple  # (code, name, max, parent code, guidance)
    options: dict
    bands: tuple = ()
    frozen_by: str = ""  # what last year's round was called, for a rubric frozen by it


NEW_QUALITY = DemoRubric("basic", "新优质学校评估", 0, (
    ("A", "办学条件", 40, None, ""),
    ("A1", "校舍与场地", 20, "A", "生均校舍面积、运动场地达到省定标准得满分，每项不达标扣5分。"),
    ("A2", "设施设备", 20, "A", "实验室、图书、信息化设备配备齐全并有使用记录。"),
    ("B", "教育质量", 60, None, ""),
    ("B1", "课程实施", 25, "B", "开齐开足国家课程，校本课程有特色、有评价。"),
    ("B2", "学生发展", 35, "B", "体质健康、学业质量监测和综合素质评价结果。"),
), {"pass_mark": 80, "tie_breaks": [{"by": "indicator", "code": "B"}, {"by": "spread"}]})

STARS = DemoRubric("preschool", "幼儿园星级评定", 0, (
    ("A", "办园条件", 300, None, ""),
    ("A1", "园舍场地", 150, "A", "生均建筑面积、户外活动场地达到省定标准。"),
    ("A2", "玩教具与图书", 150, "A", "按班配备，定期更新，有使用记录。"),
    ("B", "保育教育", 500, None, ""),
    ("B1", "一日生活", 250, "B", "作息合理，保教结合；无“小学化”倾向。"),
    ("B2", "游戏活动", 250, "B", "以游戏为基本活动，区域活动材料丰富。"),
    ("C", "安全与卫生", 200, None, "两年内发生安全责任事故的不予评定。"),
), {"pass_mark": None, "tie_breaks": [{"by": "indicator", "code": "B"}]}, bands=(
    {"label": "五星", "min_score": 900},
    {"label": "四星", "min_score": 850, "max_score": 899},
    {"label": "三星", "min_score": 750, "max_score": 849},
    {"label": "二星", "min_score": 650, "max_score": 749},
    {"label": "一星", "min_score": 550, "max_score": 649},
))

INCLUSIVE = DemoRubric("preschool", "普惠性民办园认定", 1, (
    ("P1", "收费标准", 40, None, "不高于同类公办园收费的1.5倍。"),
    ("P2", "办园质量", 60, None, "达到二星级及以上标准。"),
), {"pass_mark": 60, "result_rule": "mean"}, frozen_by="普惠性民办园认定")

CURRICULUM = DemoRubric("basic", "义务教育课程改革评估", 0, (
    ("K1", "课程规划", 30, None, "学校课程规划方案完整，经教职工代表大会审议。"),
    ("K2", "课堂教学", 40, None, "推进大单元教学和跨学科主题学习，有典型课例。"),
    ("K3", "作业与评价", 30, None, "作业总量和时长达标，实行过程性评价。"),
), {"pass_mark": None}, bands=({"label": "先进校", "min_score": 90}, {"label": "达标校", "min_score": 75,
                                                                      "max_score": 89}))

ALL = (NEW_QUALITY, STARS, INCLUSIVE, CURRICULUM)


def rubric(spec: DemoRubric) -> Rubric | None:
    """The demo rubric `spec`, built by the department's reviewer the first time; None when the demo
    city lacks the department."""
    owner = department(spec.department)
    staff = owner and holder(Role.CITY_REVIEWER, owner)
    if staff is None:
        return None
    year = timezone.localdate().year - spec.years_ago
    found = Rubric.objects.filter(department=owner, name=spec.name, year=year).order_by("-version").first()
    if found is not None:
        return found
    made = create_rubric(department=owner, name=spec.name, year=year, by=staff, **spec.options)
    for code, name, top, parent, guidance in spec.indicators:
        add_indicator(rubric=made, by=staff, code=code, name=name, max_score=top, parent=parent, guidance=guidance)
    if spec.bands:
        set_bands(rubric=made, bands=list(spec.bands), by=staff)
    if spec.frozen_by:
        use_rubric(rubric=made, by=staff, user=f"{year}年度{spec.frozen_by}")
    return made


def seed() -> list[Try]:
    """Every demo rubric (the programmes piece has built and frozen the campaigns' own), and the
    tries that lead a department through editing, freezing and copying."""
    built = {spec.name: rubric(spec) for spec in ALL}
    year = timezone.localdate().year
    tries = []
    preschool = department("preschool") and holder(Role.CITY_REVIEWER, department("preschool"))
    basic = department("basic") and holder(Role.CITY_REVIEWER, department("basic"))
    if basic and built[CURRICULUM.name] is not None:
        tries.append(Try(basic.username, f"「评分指标」→「{CURRICULUM.name}」（编辑中）：添加一项指标、上移下移、改满分；"
                                         "试试填0分满分或让“先进校”“达标校”的分数重叠，看系统如何拒绝。"))
    if preschool and built[STARS.name] is not None:
        tries.append(Try(preschool.username, f"「评分指标」→「{STARS.name}」：两级指标和五星至一星的等级；它已被{year}年度的"
                                             "申报批次使用，页面只读并说明使用方；点「复制为新版本」得到可修改的新版本。"))
    if preschool and built[INCLUSIVE.name] is not None:
        tries.append(Try(preschool.username, f"「评分指标」列表中“{INCLUSIVE.name}”是{year - 1}年度已冻结的版本："
                                             f"点「复制为{year}年度」，得到今年可修改的第1版。"))
    return tries
