"""gunicorn's settings (the Procfile's web process). gunicorn's own log lines (starting, listening,
booting workers, the access log) are stamped in the process's local time: the master logs before
Django's settings set TZ from TIME_ZONE, so without this they said UTC while the app, Celery and
the audit log say +0800. Loading the settings here sets TZ for the master too (django.conf does
os.environ["TZ"] = TIME_ZONE; time.tzset()), from the one TIME_ZONE in core/settings.py."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

from django.conf import settings  # noqa: E402 - after the settings module is named

settings.TIME_ZONE  # noqa: B018 - touching a setting loads them, which sets TZ
