from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "core.incidents"
    label = "incidents"
    verbose_name = _("异常事件")
