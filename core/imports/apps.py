from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "core.imports"
    label = "imports"
    verbose_name = _("数据导入")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.imports import registry, tasks  # noqa: F401  registers the background halves with Celery
        from core.imports.kinds import people, schools

        registry.register(schools.SCHOOLS)
        registry.register(people.PEOPLE)
