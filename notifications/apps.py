from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = _("通知与提醒")

    def ready(self):
        from core.incidents.registry import register_retry_handler
        from notifications.beat import on_post_migrate
        from notifications.delivering import INCIDENT_KIND
        from notifications.incidents import retry_failed_delivery

        register_retry_handler(INCIDENT_KIND, retry_failed_delivery)
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="notifications.ensure_sweep_schedule")
