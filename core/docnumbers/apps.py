from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocnumbersConfig(AppConfig):
    name = "core.docnumbers"
    label = "docnumbers"
    verbose_name = _("文号登记")
