"""The demo piece of 申报项目 and 申报批次 (workflows.programmes): the programmes of 沈教发〔2021〕1号
with their real quotas (seed.py), and the tries that lead a department through them: read and
edit a programme, copy it into this year, open a campaign, see which schools have started. The
open campaign of demo_start (a sample-kind programme) shows the progress page with schools in it."""

from core.orgs.models import Organisation, RoleGrant
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo_guide import Try
from workflows.programmes.seed import seed_programmes


def _login(role, department_code):
    grant = (RoleGrant.objects.active().filter(role=role, organisation__kind=OrgKind.DEPARTMENT,
                                               organisation__code=department_code)
             .select_related("user").order_by("user__username").first())
    return grant.user.username if grant else None


def seed() -> list[Try]:
    if not Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").exists():
        return []
    seed_programmes()
    tries = []
    head, preschool = _login(Role.CITY_HEAD, "basic"), _login(Role.CITY_REVIEWER, "preschool")
    if head:
        tries.append(Try(head, "打开「申报项目」：2021年度的项目和名额（新优质均衡100、管理标准达标校150、四类高中各10）；"
                               "打开“新优质均衡(示范)学校”，点「复制为2022年度」，改名额后「新建申报批次」，"
                               "填开始和截止时间与各区县名额。"))
        tries.append(Try(head, "在「申报项目」打开“新优质均衡学校（示例申报）”的演示批次：各区县有多少学校已提交、"
                               "已发起未提交、未发起；把截止时间改到开始之前试试，看中文的错误提示。"))
    if preschool:
        tries.append(Try(preschool, "打开「申报项目」里的“普惠性民办园认定”：只面向民办幼儿园；再打开“幼儿园星级评定”，"
                                    "评审结果为按等级评定。"))
    return tries
