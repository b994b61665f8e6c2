from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    """An item kind as its own app: its own tables and migrations, its flows found by the engine's
    autodiscovery (workflows.apps), its pages and API mounted by workflows' URLs."""

    name = "workflows.inspection"
    label = "inspection"
    verbose_name = _("督导")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workflows.inspection import message_kinds  # noqa: F401  (registers the kind's messages)

        from workflows.inspection.routine import setup as routine

        routine.ready(self)
