"""Per-person channel choices, one function per change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import ChannelPreference, EmailMode, MessageKind
from notifications.models.preferences import NEVER_DIGESTED
from notifications.validation import check_choice, check_user


def channel_preferences(*, user) -> dict[str, dict]:
    """kind → {"email": mode, "webhook": bool} for every kind, defaults filled in."""
    stored = {p.kind: p for p in ChannelPreference.objects.filter(user=user)}
    result = {}
    for kind in MessageKind.values:
        pref = stored.get(kind)
        result[kind] = {
            "email": pref.email if pref else EmailMode.INSTANT,
            "webhook": pref.webhook if pref else True,
        }
    return result


@transaction.atomic
def set_channel_preference(*, user, kind: str, email: str, webhook: bool) -> ChannelPreference:
    check_user(user)
    check_choice(kind, MessageKind, label=_("消息类型"))
    check_choice(email, EmailMode, label=_("邮件方式"))
    if not isinstance(webhook, bool):
        raise ValidationError(_("是否推送到群机器人必须为是或否。"), code="webhook_invalid")
    if email == EmailMode.DIGEST and kind in NEVER_DIGESTED:
        raise ValidationError(
            _("“%(kind)s”消息必须立即发送，不能放入每日摘要。") % {"kind": MessageKind(kind).label},
            code="never_digested",
        )
    preference, _created = ChannelPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"email": email, "webhook": webhook}
    )
    return preference
