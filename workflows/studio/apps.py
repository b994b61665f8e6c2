from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    """An item kind as its own app: its own tables and migrations, its flows found by the engine's
    autodiscovery (workflows.apps), its pages and API mounted by workflows' URLs."""

    name = "workflows.studio"
    label = "studio"
    verbose_name = _("名优教师工作室认定")
    default_auto_field = "django.db.models.BigAutoField"
