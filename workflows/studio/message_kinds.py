"""The studio kind's messages, registered with notifications as the engine's are."""

from django.utils.translation import gettext_lazy as _

from notifications.api import register_kind

STUDIO_WARNING = register_kind("studio_warning", _("工作室考核警示"),
                               headline=_("工作室年度考核不合格警示：%(title)s"), order=70)
STUDIO_MEMBER_CHANGE = register_kind("studio_member_change", _("工作室成员变更"),
                                     headline=_("工作室成员变更待审核：%(title)s"), order=71)
