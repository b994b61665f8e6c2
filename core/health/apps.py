from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "core.health"
    label = "health"
    verbose_name = _("运行状况")

    def ready(self):
        from celery.signals import task_success

        from core.health.heartbeats import record_periodic_success

        # In the worker: every job beat sent that finished records that it did (weak=False: the
        # handler is a module function, kept alive anyway; dispatch_uid makes a second ready() harmless).
        task_success.connect(record_periodic_success, weak=False, dispatch_uid="health.heartbeat")
