"""Per-person channel choices, one function per change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from notifications.kinds import check_kind, kind_label, may_digest, registered_kinds
from notifications.models import ChannelPreference, EmailMode
from notifications.validation import check_choice, check_user


def channel_preferences(*, user) -> dict[str, dict]:
    """kind → {"email": mode, "webhook": bool} for every registered kind, its defaults filled in."""
    stored = {p.kind: p for p in ChannelPreference.objects.filter(user=user)}
    result = {}
    for kind in registered_kinds():
        pref = stored.get(kind.code)
        result[kind.code] = {"email": pref.email, "webhook": pref.webhook} if pref else {
            "email": kind.email, "webhook": kind.webhook}
    return result


@transaction.atomic
def set_channel_preference(*, user, kind: str, email: str, webhook: bool) -> ChannelPreference:
    check_user(user)
    check_kind(kind)
    check_choice(email, EmailMode, label=_("邮件方式"))
    if not isinstance(webhook, bool):
        raise ValidationError(_("是否推送到群机器人必须为是或否。"), code="webhook_invalid")
    if email == EmailMode.DIGEST and not may_digest(kind):
        raise ValidationError(
            _("“%(kind)s”消息必须立即发送，不能放入每日摘要。") % {"kind": kind_label(kind)},
            code="never_digested",
        )
    preference, _created = ChannelPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"email": email, "webhook": webhook}
    )
    return preference
