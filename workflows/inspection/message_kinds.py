"""The inspection kind's messages, registered with notifications (workflows.engine.message_kinds' way)."""

from django.utils.translation import gettext_lazy as _

from notifications.api import register_kind

INSPECTION_NOTICE = register_kind("inspection_notice", _("督导通知"), headline=_("督导通知：%(title)s"), order=51)
RECTIFICATION_REJECTED = register_kind("rectification_rejected", _("整改复查未通过"),
                                       headline=_("整改复查未通过，须再次整改：%(title)s"), order=52)
