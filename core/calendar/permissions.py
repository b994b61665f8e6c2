from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.orgs.roles import is_system_admin

# Entering a year from the State Council's notice moves every deadline: system administrators only.
can_enter_calendar = is_system_admin


def require_calendar_admin(user) -> None:
    if not can_enter_calendar(user):
        raise PermissionDenied(_("只有系统管理员可以录入工作日历。"))
