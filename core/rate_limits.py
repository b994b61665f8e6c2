"""Counting requests per address on the public pages: a fixed window in the "limits" cache
(settings.CACHES), shared by every web process. `allow(bucket, key, limit, seconds)` counts this
request and says whether it is within the limit."""

import hashlib

from django.core.cache import caches


def allow(bucket: str, key: str, *, limit: int, seconds: int = 60) -> bool:
    cache = caches["limits"]
    name = f"{bucket}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    if cache.add(name, 1, timeout=seconds):
        return limit >= 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr: this request starts a new window
        cache.add(name, 1, timeout=seconds)
        count = 1
    return count <= limit
