"""What 常态督导 does when the inspection app is ready: its audit labels, its kinds of message and
its Celery task registered, its daily beat entry written after every migrate."""

from django.db.models.signals import post_migrate


def ready(app_config) -> None:
    from core.audit.labels import register
    from workflows.inspection.routine import (
        beat,
        messages,  # noqa: F401  registers the kinds of message
        tasks,  # noqa: F401  registers inspection.routine_daily
    )
    from workflows.inspection.routine.audit import AUDIT_LABELS

    register(AUDIT_LABELS)
    post_migrate.connect(beat.on_post_migrate, sender=app_config, dispatch_uid="inspection.ensure_routine_schedule")
