import uuid

import pytest


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    """Each test counts verification requests from zero (its own "limits" cache)."""
    settings.CACHES = {**settings.CACHES, "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                     "LOCATION": f"limits-{uuid.uuid4()}"}}
