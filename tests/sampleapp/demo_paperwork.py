"""The demo's paperwork pieces: 打印审批单, 导出 Excel and 导出任务 (the background export).
They write nothing of their own: they point at the sample applications seeded before them."""

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.sampleapp.demo import _holder
from tests.sampleapp.demo_guide import Try
from tests.sampleapp.models import SampleApplication


def seed_printing() -> list[Try]:
    """An item the district approved, printed by the city reviewer whose queue it is in."""
    approved = SampleApplication.objects.filter(status="city_review").first()
    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    city = approved and department and _holder(Role.CITY_REVIEWER, department)
    if not city:
        return []
    return [Try(city.username, f"打开「{approved.title}」，点“打印审批单”：各环节意见、办理人和时间在一张 A4 上，"
                               "浏览器打印不带导航栏；也可“下载审批单（PDF）”。")]


def seed_exports() -> list[Try]:
    """The district reviewer's lists, exported."""
    district = Organisation.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    reviewer = district and _holder(Role.DISTRICT_REVIEWER, district)
    if not reviewer:
        return []
    return [Try(reviewer.username, "在「事项查询」按条件筛选后点“导出 Excel”：文件里正是这些事项（全部页）；"
                                   "「待办」「已办」「统计」也可导出，只含本区县的事项。")]


def seed_background_export() -> list[Try]:
    """The city reviewer's 事项查询, long enough for the background export: `make run` sets
    EXPORTS_BACKGROUND_ABOVE to 10 (the Makefile's RUN_ENV), so the demo's items suffice."""
    from django.conf import settings

    from workflows.engine.reading.selectors import visible_items

    department = Organisation.objects.filter(kind=OrgKind.DEPARTMENT, code="basic").first()
    city = department and _holder(Role.CITY_REVIEWER, department)
    if not city or visible_items(city).count() <= settings.EXPORTS_BACKGROUND_ABOVE:
        return []
    return [Try(city.username, "在「事项查询」点“后台导出 Excel”（演示中超过 "
                f"{settings.EXPORTS_BACKGROUND_ABOVE} 条即在后台生成）：进度条走完出现“下载 Excel”，通知里也有链接；"
                "「导出任务」只列您自己的文件，其他人（包括同单位的同事）都打不开。")]
