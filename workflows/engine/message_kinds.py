"""The engine's kinds of message, registered with notifications (which knows nothing of workflows).

Each constant is the code stored on the outbox rows and on people's channel choices: renaming one
strands what is stored. A new kind of message (公示, 异议, …) is one more line here, never an edit to
notifications. The generic kind (notifications.kinds.INFO) and the reminders and escalations the
sweep writes are notifications' own.
"""

from django.utils.translation import gettext_lazy as _

from notifications.api import register_kind

TASK_ASSIGNED = register_kind("task_assigned", _("新待办"), headline=_("您有一项新的待办：%(title)s"), order=10)
RETURNED = register_kind("returned", _("退回修改"), headline=_("已退回修改：%(title)s"), order=30)
REJECTED = register_kind("rejected", _("驳回"), headline=_("未予通过：%(title)s"), order=31)
APPROVED = register_kind("approved", _("审批通过"), headline=_("审批通过：%(title)s"), order=32)
WITHDRAWN = register_kind("withdrawn", _("已撤回"), headline=_("已撤回：%(title)s"), order=33)
URGED = register_kind("urged", _("催办"), headline=_("催办：%(title)s"), order=34)
CC = register_kind("cc", _("抄送"), headline=_("抄送：%(title)s"), order=35)
OBJECTION_LODGED = register_kind("objection_lodged", _("公示异议"), headline=_("收到公示异议：%(title)s"), order=36)
PANEL_INVITED = register_kind("panel_invited", _("专家评审邀请"), headline=_("您被抽取为评审专家：%(title)s"), order=37)
PANEL_RESERVE_CALLED = register_kind("panel_reserve_called", _("候补专家递补"),
                                     headline=_("您已由候补递补为评审专家：%(title)s"), order=38)
TENURE_EXPIRING = register_kind("tenure_expiring", _("认定到期提醒"), headline=_("认定即将到期：%(title)s"), order=39)
TENURE_ENDED = register_kind("tenure_ended", _("认定撤销或到期"), headline=_("认定已终止：%(title)s"), order=40)
SCORE_SHEET_RETURNED = register_kind("score_sheet_returned", _("评分表退回"),
                                     headline=_("评审组组长退回了您的评分表：%(title)s"), order=41)
SCORES_SUBMITTED = register_kind("scores_submitted", _("专家评分已全部提交"),
                                 headline=_("专家已全部提交评分：%(title)s"), order=42)
MEETING_SCHEDULED = register_kind("meeting_scheduled", _("会议通知"), headline=_("会议通知：%(title)s"), order=43)
MEETING_RESCHEDULED = register_kind("meeting_rescheduled", _("会议改期"), headline=_("会议改期：%(title)s"), order=44)
MEETING_REMINDER = register_kind("meeting_reminder", _("会议提醒"), headline=_("会议提醒：%(title)s"), order=45)
# A background export (导出任务) is the owner's own business: no group robot hears of it.
EXPORT_READY = register_kind("export_ready", _("导出完成"), headline=_("导出文件已生成：%(title)s"), webhook=False,
                             order=46)
EXPORT_FAILED = register_kind("export_failed", _("导出失败"), headline=_("导出失败：%(title)s"), webhook=False,
                              order=47)
CAMPAIGN_OPENED = register_kind("campaign_opened", _("申报通知"), headline=_("开始申报：%(title)s"), order=48)
CAMPAIGN_CLOSING = register_kind("campaign_closing", _("申报截止提醒"), headline=_("即将截止申报：%(title)s"), order=49)
MEETING_CANCELLED = register_kind("meeting_cancelled", _("会议取消"), headline=_("会议取消：%(title)s"), order=50)
TENURE_REPORT_DUE = register_kind("tenure_report_due", _("年度总结提醒"), headline=_("请提交年度总结：%(title)s"),
                                  order=53)
TENURE_REPORT_ESCALATED = register_kind("tenure_report_escalated", _("年度总结未提交（告知负责人）"),
                                        headline=_("年度总结尚未提交：%(title)s"), order=54)
