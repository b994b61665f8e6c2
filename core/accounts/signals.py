"""Sign-in, sign-out and failed sign-in go to the audit log (connected in AccountsConfig.ready).

Django's auth signals fire for every way in (this site's form, the admin's, a future SSO
backend), so the log does not depend on which view was used.
"""

from django.contrib.auth import get_user_model

from core.accounts.services import SIGN_IN_FAILED, SIGNED_IN, SIGNED_OUT
from core.audit.services import record_event


def _client(request) -> dict:
    if request is None:
        return {}
    # Set by django-axes from the configured proxy headers; REMOTE_ADDR otherwise.
    return {"ip_address": getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")}


def on_signed_in(sender, request, user, **kwargs):
    record_event(action=SIGNED_IN, target=user, actor=user, data=_client(request))


def on_signed_out(sender, request, user, **kwargs):
    if user is not None:  # signing out without a session is not an event
        record_event(action=SIGNED_OUT, target=user, actor=user, data=_client(request))


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    """A failed attempt on an existing account is recorded against that account; an unknown
    username has nothing to attach to and stays in django-axes's attempt records only."""
    User = get_user_model()
    username = credentials.get(User.USERNAME_FIELD)
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    if user is None:
        return
    data = _client(request)
    data["locked_out"] = bool(getattr(request, "axes_locked_out", False))
    record_event(action=SIGN_IN_FAILED, target=user, data=data)
