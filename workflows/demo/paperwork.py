"""The demo's paperwork: 打印审批单, 导出 Excel, 导出任务 (the background export), and choosing people
by name for 委托 and 转办. They write nothing of their own: they point at the applications that
workflows.demo.accreditation seeded before them."""

from django.conf import settings

from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.accreditation.models import Accreditation
from workflows.demo.guide import Try, department, districts, holder
from workflows.engine.people import name_of
from workflows.engine.reading.selectors import queue, visible_items


def seed_printing() -> list[Try]:
    """An application the city has passed on, printed by its reviewer."""
    item = Accreditation.objects.filter(status=Accreditation.Status.EXPERT_REVIEW).order_by("pk").first()
    city = item and holder(Role.CITY_REVIEWER, item.owner_department)
    if not city:
        return []
    return [Try(city.username, f"打开「{item.title}」，点“打印审批单”：各环节意见、办理人和时间在一张 A4 上，"
                               "浏览器打印不带导航栏；也可“下载审批单（PDF）”。")]


def seed_exports() -> list[Try]:
    """The district reviewer's lists, exported; the department's long search, in the background."""
    tries = []
    reviewer = districts() and holder(Role.DISTRICT_REVIEWER, districts()[0])
    if reviewer:
        tries.append(Try(reviewer.username, "在「事项查询」按条件筛选后点“导出 Excel”：文件里正是这些事项（全部页）；"
                                            "「待办」「已办」「统计」也可导出，只含本区县的事项。"))
    city = department("basic") and holder(Role.CITY_REVIEWER, department("basic"))
    if city and visible_items(city).count() > settings.EXPORTS_BACKGROUND_ABOVE:
        # `make run` sets EXPORTS_BACKGROUND_ABOVE to 10 (the Makefile's RUN_ENV): the demo's items suffice.
        tries.append(Try(city.username, "在「事项查询」点“后台导出 Excel”（演示中超过 "
                         f"{settings.EXPORTS_BACKGROUND_ABOVE} 条即在后台生成）：进度条走完出现“下载 Excel”，通知里也有链接；"
                         "「导出任务」只列您自己的文件，其他人（包括同单位的同事）都打不开。"))
    return tries


def seed_picking() -> list[Try]:
    """委托 and 转办 by typing part of a colleague's name: the first district's second reviewer."""
    city = districts()
    reviewer = city and holder(Role.DISTRICT_REVIEWER, city[0])
    grants = RoleGrant.objects.active().filter(role=Role.DISTRICT_REVIEWER, organisation=city[0]) \
        .exclude(user=reviewer).select_related("user").order_by("user__username") if reviewer else []
    colleague = next((grant.user for grant in grants), None)
    waiting = reviewer and queue(reviewer)
    if not (colleague and waiting):
        return []
    name = name_of(colleague)
    return [
        Try(reviewer.username, f"打开「委托代理」，在「代理人」框输入「{name[:1]}」（同事{name}的姓），从列表中选中"
                               f"「{name} · …」，填写日期和原因后点「委托」：选人按姓名，不用记登录名。"),
        Try(reviewer.username, f"在「可领取」打开 {waiting[0].item.ref_no}，点「转办」，在「转办给」输入「{name[-1:]}」"
                               f"（名字的一部分即可），选中{name}后确认转办；别的区的人不会出现在列表里。"),
    ]
