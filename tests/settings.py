"""Settings for the test suite: the production settings with test-only switches.

DATABASE_URL and REDIS_URL come from the environment as usual: CI points them at the machine's
PostgreSQL and Redis; with neither set the suite runs on SQLite (the SQLite-specific tests).
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("AUDIT_HMAC_KEY", "test-only-audit-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from core.settings import *  # noqa: E402,F403

# Test-only: lets pytest-django empty the append-only audit table between transactional tests.
# Off in production settings (tests/core/test_audit_triggers.py checks both).
AUDIT_ALLOW_TEST_FLUSH = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; never in production
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
CELERY_TASK_ALWAYS_EAGER = False
# The workflow engine's sample application flow (tests/sampleapp), with its models.
if "tests.sampleapp" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("tests.sampleapp")  # noqa: F405
# In-process tests never publish to a real broker (CI's Redis is shared): on-commit publishing goes
# to kombu's in-memory transport. Tests that run real workers point at their own private Redis or
# filesystem broker (tests/notifications/reliability).
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
# Each test's connection closes with it: the live-server and race tests' threads must not keep
# connections into the test database that pytest-django drops at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Whitenoise warns on every request when STATIC_ROOT does not exist; tests never collect static.
STATIC_ROOT = str(VAR_DIR / "test-static")  # noqa: F405
os.makedirs(STATIC_ROOT, exist_ok=True)
