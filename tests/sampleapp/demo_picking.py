"""The demo piece of choosing people by name (#13 item 11): nothing to seed (the demo city already
has two reviewers in every district and department), only what to try: 委托 and 转办 by typing part
of a colleague's name. The lines name the real colleague and an item that waits in the reviewer's
queue, so a newcomer knows what to type and where."""

from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from tests.sampleapp.demo_guide import Try
from workflows.engine.people import name_of
from workflows.engine.reading.selectors import queue


def _reviewers_with_work():
    """(reviewer, colleague, entry) for the first district whose first reviewer has an item waiting."""
    grants = (RoleGrant.objects.active().filter(role=Role.DISTRICT_REVIEWER).select_related("user", "organisation")
              .order_by("organisation__path", "user__username"))
    by_district = {}
    for grant in grants:
        by_district.setdefault(grant.organisation_id, []).append(grant.user)
    for reviewer, colleague, *_others in (people for people in by_district.values() if len(people) > 1):
        waiting = queue(reviewer)
        if waiting:
            return reviewer, colleague, waiting[0]
    return None


def seed() -> list[Try]:
    found = _reviewers_with_work()
    if found is None:
        return []
    reviewer, colleague, entry = found
    name = name_of(colleague)
    return [
        Try(reviewer.username, f"打开「委托代理」，在「代理人」框输入「{name[:1]}」（同事{name}的姓），从列表中选中"
                               f"「{name} · …」，填写日期和原因后点「委托」：选人按姓名，不用记登录名。"),
        Try(reviewer.username, f"在「可领取」打开 {entry.item.ref_no}，点「转办」，在「转办给」输入「{name[-1:]}」"
                               f"（名字的一部分即可），选中{name}后确认转办；别的区的人不会出现在列表里。"),
    ]
