from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class SignedIn(BasePermission):
    """Signed in (session or token), active, and not due to change a reset password: the sign-in
    pages enforce that for sessions through middleware, which never sees token requests."""

    message = _("请先修改密码，然后再使用接口。")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return not getattr(user, "must_change_password", False)
