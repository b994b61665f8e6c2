from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.orgs.roles import Role


def can_manage_register(user) -> bool:
    """Registering, renumbering and voiding belong to the 办公室's clerks (and superusers).

    Issuing a number is not checked here: the process that needs the number has checked its own
    step's permission already.
    """
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_role(Role.OFFICE_CLERK)


def require_register_manager(user) -> None:
    if not can_manage_register(user):
        raise PermissionDenied(_("只有办公室文书可以登记、调整或作废文号。"))
