"""What the studio kind's audit codes are called (registered with core.audit.labels by StudioConfig)."""

from django.utils.translation import gettext_lazy as _

AUDIT_LABELS = {
    "studio_members_left_out": _("认定时成员已在其他工作室，未列入"),
    "studio_member_change_requested": _("申请成员变更"),
    "studio_member_change_endorsed": _("学校同意成员变更"),
    "studio_member_change_approved": _("批准成员变更"),
    "studio_member_change_refused": _("不予批准成员变更"),
    "studio_district_rated": _("区县年度考核"),
}
