from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    """An item kind as its own app: its own tables and migrations, its flows found by the engine's
    autodiscovery (workflows.apps), its pages and API mounted by workflows' URLs."""

    name = "workflows.studio"
    label = "studio"
    verbose_name = _("名优教师工作室认定")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.audit.labels import register
        from workflows.engine.start.kinds import register_start_kind
        from workflows.engine.tenure.records import register_ending_hook
        from workflows.studio import message_kinds  # noqa: F401 - registers the kind's messages
        from workflows.studio.models import Studio
        from workflows.studio.ends import end_members
        from workflows.studio.start import STUDIO

        from workflows.studio.audit_labels import AUDIT_LABELS

        register(AUDIT_LABELS)
        register_start_kind(STUDIO)
        register_ending_hook(Studio.KIND, end_members)
