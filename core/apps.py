from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("核心")

    def ready(self):
        # The admin is used by the bureau's own staff: its titles say whose system this is.
        from django.contrib import admin

        admin.site.site_header = _("沈阳市教育局 · 教育审批系统")
        admin.site.site_title = _("教育审批系统管理")
        admin.site.index_title = _("系统管理")
