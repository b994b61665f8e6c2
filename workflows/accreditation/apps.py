from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    """An item kind as its own app: its own tables and migrations, its flows found by the engine's
    autodiscovery (workflows.apps), its pages and API mounted by workflows' URLs."""

    name = "workflows.accreditation"
    label = "accreditation"
    verbose_name = _("学校认定与评选")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workflows.accreditation.start import ACCREDITATION
        from workflows.engine.start.kinds import register_start_kind

        register_start_kind(ACCREDITATION)  # 发起申报 offers the programmes whose kind is "accreditation"
