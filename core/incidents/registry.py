"""Retry handlers, one per incident kind, registered by the module that raises that kind.

`core` never imports the modules that raise incidents; they register here (typically in their
AppConfig.ready) so that an admin's "retry" can call back into them.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

RetryHandler = Callable[["Incident"], None]  # noqa: F821  raises on failure

_handlers: dict[str, RetryHandler] = {}


def register_retry_handler(kind: str, handler: RetryHandler) -> None:
    """Make `handler(incident)` the retry of incidents of `kind`. It raises on failure.

    Registering the same handler twice is harmless (ready() may run more than once); a second,
    different handler for one kind is a programming error.
    """
    if not kind:
        raise ImproperlyConfigured("An incident retry handler needs a kind.")
    existing = _handlers.get(kind)
    if existing is not None and existing is not handler:
        raise ImproperlyConfigured(f"Incident kind {kind!r} already has a retry handler: {existing!r}.")
    _handlers[kind] = handler


def get_retry_handler(kind: str) -> RetryHandler | None:
    return _handlers.get(kind)
