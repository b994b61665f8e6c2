from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_after_migrate(sender, using, **kwargs):
    from django.db import connections

    from core.audit.triggers import install_triggers

    install_triggers(connections[using])


def _prepare_connection(sender, connection, **kwargs):
    from core.audit.triggers import prepare_connection

    prepare_connection(connection)


class AuditConfig(AppConfig):
    name = "core.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self):
        from core.audit import checks  # noqa: F401  registers the system check

        # Sent once per migrate for this app (and after flush), whatever was migrated: a
        # migration anywhere may have rebuilt the audit tables and dropped their triggers.
        post_migrate.connect(_install_after_migrate, sender=self, dispatch_uid="audit_install_triggers")
        connection_created.connect(_prepare_connection, dispatch_uid="audit_prepare_connection")
