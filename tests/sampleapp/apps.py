from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SampleAppConfig(AppConfig):
    name = "tests.sampleapp"
    label = "sampleapp"
    verbose_name = _("示例申报")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tests.sampleapp.start import SAMPLE
        from workflows.engine.start.kinds import register_start_kind

        register_start_kind(SAMPLE)
