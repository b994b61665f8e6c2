from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "core.accounts"
    label = "accounts"
    verbose_name = _("账号")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from core.accounts import signals

        user_logged_in.connect(signals.on_signed_in, dispatch_uid="accounts.audit_sign_in")
        user_logged_out.connect(signals.on_signed_out, dispatch_uid="accounts.audit_sign_out")
        user_login_failed.connect(signals.on_sign_in_failed, dispatch_uid="accounts.audit_sign_in_failed")
