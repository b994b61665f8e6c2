from django.shortcuts import redirect
from django.urls import reverse

# Pages a user who must change their password may still reach.
_ALLOWED_URL_NAMES = ("accounts:password_change", "accounts:logout", "accounts:login")


class ForcePasswordChangeMiddleware:
    """After an admin or school head resets a password, the person must choose a new one before
    doing anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in _ALLOWED_URL_NAMES}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password_change")
        return self.get_response(request)
