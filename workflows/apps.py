from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    label = "workflows"
    verbose_name = _("审批流程")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.audit.labels import register
        from workflows.engine.audit_labels import AUDIT_LABELS
        from workflows.web.timeline import ACTION_LABELS

        # The admin's audit log and the item's timeline name every code in words.
        register(ACTION_LABELS)
        register(AUDIT_LABELS)
        from workflows.engine.batch_approval.services import AUDIT_LABELS as BATCH_LABELS

        register(BATCH_LABELS)
        from workflows.programmes.services import AUDIT_LABELS as PROGRAMME_LABELS

        register(PROGRAMME_LABELS)
        from workflows.inspection.figures.services import AUDIT_LABELS as FIGURE_LABELS

        register(FIGURE_LABELS)
        from core.imports import registry as imports
        from workflows.engine.experts.imports import EXPERTS

        imports.register(EXPERTS)  # a department's experts, on core's import framework
        from workflows.engine import (
            checks,  # noqa: F401  registers the flow checks
            message_kinds,  # noqa: F401  registers the engine's kinds of message
        )
        from workflows.engine.fanout import step as fanout  # noqa: F401  its check, and children reporting to parents
        from workflows.engine.deadlines import timeout_services  # noqa: F401  what a due timer runs

        # Each kind's flows declare its status changes when they are defined: import every app's
        # `flows` module now, so that no item moves (a reopen loads no process) before they are.
        autodiscover_modules("flows")
        from core.audit.labels import register_statuses
        from workflows.engine.models import kind_models

        # An item's events carry its kind's status codes; the audit log names them by the kind's labels.
        register_statuses({code: label for model in kind_models().values() for code, label in model.Status.choices})
        from workflows.engine.certificates.models import CertificateState

        register_statuses(dict(CertificateState.choices))  # a certificate's state is computed, not a field

        self._connect_deadlines()

    def _connect_deadlines(self):
        from core.calendar import calendar_changed
        from core.incidents.registry import register_retry_handler
        from workflows import tasks
        from workflows.engine.deadlines import beat
        from workflows.engine.deadlines import services as deadlines

        calendar_changed.connect(tasks.on_calendar_changed, dispatch_uid="workflows.deadlines.calendar_changed")
        register_retry_handler(deadlines.INCIDENT_KIND, deadlines.retry_calendar_incident)
        post_migrate.connect(beat.on_post_migrate, sender=self, dispatch_uid="workflows.ensure_timer_schedule")
        from workflows.engine.tenure import beat as tenure_beat

        post_migrate.connect(tenure_beat.on_post_migrate, sender=self, dispatch_uid="workflows.ensure_tenure_schedule")
        from workflows.engine.meetings import beat as meetings_beat

        post_migrate.connect(meetings_beat.on_post_migrate, sender=self,
                             dispatch_uid="workflows.ensure_meetings_schedule")
        from workflows.engine.exports import beat as exports_beat
        from workflows.engine.exports import services as exports

        post_migrate.connect(exports_beat.on_post_migrate, sender=self, dispatch_uid="workflows.ensure_exports_schedule")
        register_retry_handler(exports.INCIDENT_KIND, exports.retry_failed)
        from workflows.programmes import announce as campaign_beat

        post_migrate.connect(campaign_beat.on_post_migrate, sender=self,
                             dispatch_uid="workflows.ensure_campaign_notices_schedule")
