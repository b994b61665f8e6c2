"""What each audit action code is called, in words (the admin's audit log shows these, not the
codes). Every code the source records must be here (tests/core/test_audit_labels.py reads them
from the source). The core's own codes are here; another app registers its codes in its AppConfig.ready()
(workflows registers the item actions of its timeline). An unregistered code is shown as is."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

_LABELS = {
    "accounts.signed_in": _("登录"),
    "accounts.signed_out": _("退出登录"),
    "accounts.sign_in_failed": _("登录失败"),
    "accounts.password_reset": _("重置密码"),
    "accounts.password_changed": _("修改密码"),
    "calendar.days_corrected": _("更正工作日历"),
    "calendar.year_entered": _("录入年度工作日历"),
    "calendar.notice_applied": _("按国务院放假通知录入工作日历"),
    "docnumber.issued": _("编发文号"),
    "imports.committed": _("导入数据"),
    "docnumber.next_set": _("设置下一个文号"),
    "docnumber.registered": _("登记文号"),
    "docnumber.voided": _("作废文号"),
    "incident.resolved": _("处理完毕"),
    "incident.retried": _("重试成功"),
    "incident.retry_failed": _("重试失败"),
    "notifications.webhook_configured": _("配置群机器人"),
    "notifications.webhook_changed": _("修改群机器人"),
    "orgs.demo_seeded": _("生成演示数据"),
    "orgs.organisation_created": _("新建单位"),
    "orgs.organisation_changed": _("修改单位"),
    "orgs.organisation_moved": _("调整单位隶属"),
    "orgs.role_ended": _("终止角色"),
    "orgs.role_grant_deleted": _("删除角色授予"),
    "orgs.role_granted": _("授予角色"),
    "orgs.role_grant_changed": _("修改角色授予"),
}


# Status codes of targets whose model does not name them itself (an item's statuses are its
# kind's, and every kind's items share one table): registered by the app that knows them.
_STATUSES = {}


def register_statuses(labels: dict) -> None:
    """Add {status code: label}; a code already named keeps its name."""
    for code, label in labels.items():
        _STATUSES.setdefault(code, label)


def status_label(model, code: str) -> str:
    """What `code` of a `model` row's status (or state) is called; an unknown code as it is."""
    if not code:
        return ""
    for name in ("status", "state"):
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            continue
        label = dict(field.flatchoices).get(code) if field is not None else None
        if label is not None:
            return str(label)
    return str(_STATUSES.get(code, code))


def register(labels: dict) -> None:
    """Add {code: label}; a code already named keeps its name."""
    for code, label in labels.items():
        _LABELS.setdefault(code, label)


def action_label(code: str) -> str:
    return str(_LABELS.get(code, code))


def choices() -> list[tuple[str, str]]:
    return sorted(((code, str(label)) for code, label in _LABELS.items()), key=lambda pair: pair[0])
