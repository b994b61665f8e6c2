"""Settings of the Celery workers the reliability tests start: the test settings, pointed at the
test's database (DATABASE_URL), its private broker and its mailbox file, plus the pause hooks."""

import json
import os

from tests.settings import *  # noqa: F403

CELERY_BROKER_URL = os.environ["TEST_BROKER_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(os.environ.get("TEST_BROKER_OPTIONS", "{}"))
EMAIL_BACKEND = "tests.notifications.mailbox.AppendingEmailBackend"
TEST_MAILBOX = os.environ["TEST_MAILBOX"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.notifications.reliability.hooks"]  # noqa: F405
