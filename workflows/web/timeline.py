"""The item's 时间线: every audit event on it, in chain order, in words a reader understands."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit.labels import action_label
from core.audit.selectors import events_for
from workflows.engine.signing.panel_names import EXPERT, PanelNames

# What each audit action on an item is called. Pieces that write new actions add theirs here.
ACTION_LABELS = {
    "create": _("创建"),
    "edit": _("修改"),
    "evidence_add": _("添加材料"),
    "evidence_remove": _("删除材料"),
    "submit": _("提交"),
    "withdraw": _("撤回"),
    "reopen": _("重新编辑"),
    "claim": _("认领"),
    "unclaim": _("放回待办池"),
    "approve": _("通过"),
    "return": _("退回"),
    "reject": _("驳回"),
    "resubmit": _("重新提交"),
    "timeout": _("超期自动处理"),
    "deadline_moved": _("调整办理期限"),
    "extension_requested": _("申请延期"),
    "extension_granted": _("同意延期"),
    "extension_refused": _("不同意延期"),
    "urge": _("催办"),
    "dispatch": _("下发"),
    "fan_out": _("分发到各单位"),
    "children_done": _("各单位均已办结"),
    "transfer": _("转办"),
    "delegate": _("委派"),
    "delegation_done": _("委派交回"),
    "delegation_recalled": _("收回委派"),
    "cc": _("抄送"),
    "signer_add": _("加签"),
    "signer_remove": _("减签"),
    "seats_released": _("退出名单，释放名额"),
    "signer_redraw": _("重新抽取"),
    "notice_passed": _("公示期满，继续办理"),
    "notice_sent_back": _("公示异议成立，退回"),
    "stage_included": _("进入可选环节"),
    "stage_skipped": _("跳过可选环节"),
    "document_issued": _("发文"),
    "meeting_scheduled": _("安排会议"),
    "meeting_rescheduled": _("会议改期"),
    "meeting_attendance": _("记录出席情况"),
    "meeting_minutes": _("记录会议纪要"),
    "meeting_closed": _("结束会议"),
    "meeting_cancelled": _("取消会议"),
    "inspection_team_formed": _("组建督导组"),
    "inspection_finding": _("记录督导发现"),
    "inspection_rated": _("给出总体评价"),
    "inspection_reexam_requested": _("申请复查督导结论"),
    "inspection_reexam_answered": _("答复复查申请"),
}

# Acts that hand the task to someone: whom, in words.
HANDED_TO = {
    "transfer": _("转办给：%(name)s"),
    "delegate": _("委派给：%(name)s"),
    "delegation_done": _("交回：%(name)s"),
}

SIGNER_POSITIONS = {"before": _("在本人之前办理"), "after": _("在本人之后办理"), "owner": _("由主管处室加入")}


@dataclass
class TimelineEntry:
    event: object
    action: str
    who: str  # the actor's name; "专家" for a panel member hidden from the reader; "" for the system
    acting_for: str = ""  # whom a proxy acted for (委托)
    organisation: object = None
    step: str = ""
    returned_to: str = ""
    from_status: str = ""
    to_status: str = ""
    files: list[dict] = field(default_factory=list)
    note: str = ""
    document: int | None = None  # the 发文 the event issued (its page links from the entry)


def _status_label(item, code: str) -> str:
    if not code:
        return ""
    try:
        return str(item.Status(code).label)
    except ValueError:
        return code


def _step_title(flow_class, name) -> str:
    if not name or flow_class is None:
        return ""
    node = flow_class.instance.node(name, no_obsolete=True)
    return str(node.task_title) if node is not None and node.task_title else name


def _moment(iso) -> str:
    try:
        return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(_("待定"))


def _note(action: str, data: dict) -> str:
    """What else the event says, in words: a moved deadline, a place on a list."""
    if action in ("deadline_moved", "extension_granted"):
        return str(_("期限：%(from)s → %(to)s") % {"from": _moment(data.get("from")), "to": _moment(data.get("to"))})
    if action == "extension_requested":
        return str(_("申请将期限 %(from)s 延至 %(to)s") % {"from": _moment(data.get("from")),
                                                         "to": _moment(data.get("to"))})
    if action in HANDED_TO:
        return str(HANDED_TO[action] % {"name": data.get("to_name", "")})
    if action == "cc":
        return str(_("抄送给：%(names)s") % {"names": str(_("、")).join(data.get("names") or [])})
    if action == "signer_add":
        return str(_("加签%(name)s，%(where)s") % {"name": data.get("user_name", ""),
                                                "where": SIGNER_POSITIONS.get(data.get("position"), "")})
    if action == "signer_remove":
        return str(_("减签%(name)s") % {"name": data.get("user_name", "")})
    if action == "signer_redraw":
        return str(_("重新抽取%(name)s，替换%(replaced)s") % {"name": data.get("user_name", ""),
                                                        "replaced": data.get("replaced_name", "")})
    if action == "stage_included":
        return str(_("条件“%(reason)s”成立") % {"reason": data.get("reason", "")})
    if action == "stage_skipped":
        return str(_("条件“%(reason)s”不成立，跳过此环节") % {"reason": data.get("reason", "")})
    if action == "document_issued":
        return str(_("%(number)s《%(title)s》") % {"number": data.get("number", ""), "title": data.get("title", "")})
    if data.get("list") and data.get("rank"):
        return str(_("随名单办理，排第%(rank)s名") % {"rank": data["rank"]})
    return ""


def timeline(item, flow_class, names: PanelNames) -> list[TimelineEntry]:
    """One query for the events with their actor, proxy and organisation; `names` says which of
    them were panel members' acts that the reader may not see the names of (panel_names)."""
    entries = []
    for event in events_for(item):
        data = names.event_data(event)
        hidden = names.hides_event(event)
        entries.append(TimelineEntry(
            event=event,
            action=action_label(event.action),  # every code, the engine's others too (core.audit.labels)
            who=str(EXPERT) if hidden else str(event.actor or ""),
            acting_for="" if hidden or event.acting_for is None else str(event.acting_for),
            organisation=None if hidden else event.organisation,
            step=_step_title(flow_class, data.get("step")),
            returned_to=_step_title(flow_class, data.get("to")) if event.action in ("return", "timeout") else "",
            from_status=_status_label(item, event.from_status),
            to_status=_status_label(item, event.to_status) if event.to_status != event.from_status else "",
            files=[f for f in data.get("attachments") or [] if isinstance(f, dict) and f.get("id")],
            note=_note(event.action, data),
            document=data.get("document") if event.action == "document_issued" else None,
        ))
    return entries
