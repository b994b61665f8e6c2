"""What 常态督导's audit codes are called (registered with core.audit.labels by routine.ready)."""

from django.utils.translation import gettext_lazy as _

AUDIT_LABELS = {
    "routine_zone_created": _("新建督学责任区"),
    "routine_zone_edited": _("修改督学责任区"),
    "routine_zone_schools_set": _("调整责任区学校"),
    "routine_visit_recorded": _("记录常态督导"),
    "routine_notice_issued": _("发出整改通知书"),
    "routine_notice_reported": _("提交整改报告"),
    "routine_notice_accepted": _("确认整改"),
    "routine_notice_returned": _("退回整改报告"),
}
