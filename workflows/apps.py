from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    label = "workflows"
    verbose_name = _("审批流程")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workflows.engine import checks  # noqa: F401  registers the flow checks
        from workflows.engine import fanout  # noqa: F401  its check, and children reporting to parents
