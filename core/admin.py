"""Django's admin looks here for the core's own admin modules that belong to no sub-app."""

from core import beat_admin  # noqa: F401  django-celery-beat's admin, its English labels in Chinese
