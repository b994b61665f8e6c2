"""The demo's 专家评分: the 基础教育处 pool (six of the demo experts), its rubric 新优质学校评估
(two groups, four indicators, pass mark 80), and one school's application at the scoring step of
the sample ScoringFlow with a panel of three: two have submitted, the first member's sheet waits.
Idempotent: a second run finds the application and writes nothing."""

from django.db import transaction
from django.utils import timezone

from core.orgs.models import Organisation, RoleGrant, User
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.scoring import RUBRIC_NAME, scored_create, scored_submit
from workflows.engine.experts import selectors
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.pool import add_expert
from workflows.engine.experts.pool_models import Expert
from workflows.engine.experts.seats import accept_pledge
from workflows.engine.models import Item
from workflows.engine.rubrics.indicator_edits import add_indicator
from workflows.engine.rubrics.models import Rubric
from workflows.engine.rubrics.services import create_rubric
from workflows.engine.scoring.services import save_draft, submit_sheet

TITLE = "新优质学校评估申报（专家评分演示）"
INDICATORS = [  # code, name, max, parent, guidance
    ("A", "办学条件", 40, None, ""),
    ("A1", "校舍与场地", 20, "A", "生均校舍面积、运动场地达到省定标准得满分，每项不达标扣5分。"),
    ("A2", "设施设备", 20, "A", "实验室、图书、信息化设备配备齐全并有使用记录。"),
    ("B", "教育质量", 60, None, ""),
    ("B1", "课程实施", 25, "B", "开齐开足国家课程，校本课程有特色、有评价。"),
    ("B2", "学生发展", 35, "B", "体质健康、学业质量监测和综合素质评价结果。"),
]
SUBMITTED = [{"A1": 18, "A2": 17, "B1": 22, "B2": 30}, {"A1": 16, "A2": 18, "B1": 20, "B2": 31}]


def _holder(role, organisation) -> User | None:
    grant = RoleGrant.objects.active().filter(role=role, organisation=organisation).select_related("user").first()
    return grant.user if grant else None


def _rubric(department, by) -> Rubric:
    found = Rubric.objects.filter(department=department, name=RUBRIC_NAME).order_by("-year", "-version").first()
    if found is not None:
        return found
    rubric = create_rubric(department=department, name=RUBRIC_NAME, year=timezone.localdate().year, by=by,
                           pass_mark=80, tie_breaks=[{"by": "indicator", "code": "B"}, {"by": "spread"}])
    for code, name, top, parent, guidance in INDICATORS:
        add_indicator(rubric=rubric, by=by, code=code, name=name, max_score=top, parent=parent, guidance=guidance)
    return rubric


def _pool(department, by) -> None:
    for user in User.objects.filter(username__startswith="expert_", is_active=True).order_by("username")[:6]:
        if Expert.objects.filter(department=department, user=user).exists():
            continue
        home = RoleGrant.objects.active().filter(user=user, role=Role.EXPERT).values_list("organisation", flat=True).first()
        if home:
            add_expert(department=department, user=user, home=home, by=by, title="高级教师",
                       fields={"stage": ["小学", "初中"]})


@transaction.atomic
def seed_scoring() -> Item | None:
    """The application waiting for the first member's sheet; None when the demo city lacks a piece."""
    found = Item.objects.filter(title=TITLE).first()
    if found is not None:
        return found
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").last()
    city = department and _holder(Role.CITY_REVIEWER, department)
    school = district and next((s for s in district.subtree().filter(kind=OrgKind.SCHOOL)
                                if _holder(Role.SCHOOL_HEAD, s)), None)
    if city is None or school is None:
        return None
    _rubric(department, city)
    _pool(department, city)
    head = _holder(Role.SCHOOL_HEAD, school)
    item = scored_create(organisation=school, owner_department=department, by=head, title=TITLE)
    scored_submit(item=item, by=head)
    panel = draw_panel(items=[item], size=3, reserves=1, by=city, title="新优质学校评估专家组（演示）")
    members = [seat for seat in selectors.seats_of(panel) if seat.state == "invited"]
    for seat in members:
        accept_pledge(seat=seat, by=seat.expert.user)
    for seat, scores in zip(members[1:], SUBMITTED):
        save_draft(item=item, by=seat.expert.user, lines={code: {"score": s, "comment": ""} for code, s in scores.items()})
        submit_sheet(item=item, by=seat.expert.user)
    return item


def seed() -> list[Try]:
    item = seed_scoring()
    if item is None:
        return []
    waiting = next((seat for seat in selectors.scorers(item) if not seat.score_sheets.filter(item=item).exists()), None)
    tries = []
    if waiting is not None:
        tries.append(Try(waiting.expert.user.username, f"「我的评审」→「评分表」：为“{TITLE}”逐项打分并写评语，先保存草稿再提交；"
                                                       "试试超出满分的分数，看系统如何拒绝。"))
    city = _holder(Role.CITY_REVIEWER, item.owner_department)
    if city is not None:
        tries.append(Try(city.username, "专家都提交后，打开该事项的「专家评分」→「评审组评分情况」确认评分结果，"
                                        "在评分结果页查看计算过程、导出Excel或打印。"))
    return tries
