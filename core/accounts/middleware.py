from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a user who must change their password may still reach: the change form itself, signing
# out, and switching the language the form is shown in.
_ALLOWED_URL_NAMES = ("accounts:password_change", "accounts:logout", "accounts:login", "set_language")
# The public pages (公示) need no account at all: nothing there is a signed-in person's to do.
PUBLIC_PREFIX = "/public/"
VERIFY_PREFIX = "/verify/"


class ForcePasswordChangeMiddleware:
    """After an admin or school head resets a password, the person must choose a new one before
    doing anything else: every other page redirects to the change form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in _ALLOWED_URL_NAMES}
            if request.path not in allowed and not request.path.startswith((settings.STATIC_URL, PUBLIC_PREFIX, VERIFY_PREFIX)):
                return redirect("accounts:password_change")
        return self.get_response(request)
