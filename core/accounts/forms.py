from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class SignInForm(AuthenticationForm):
    """Django's sign-in form with our Chinese wording, and how many tries are left before the
    lockout (counted per username whether or not the account exists, so it reveals nothing)."""

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        error_messages={"required": _("请输入用户名。")},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        error_messages={"required": _("请输入密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        failures = getattr(self.request, "axes_failures_since_start", None)
        if failures is None:
            return error
        left = settings.AXES_FAILURE_LIMIT - failures
        hint = ngettext(
            "再输错 %(left)d 次，账号将被暂时锁定。",
            "再输错 %(left)d 次，账号将被暂时锁定。",
            left,
        ) % {"left": left}
        return forms.ValidationError(f"{error.message} {hint}", code=error.code)
