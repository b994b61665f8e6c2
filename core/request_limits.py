"""A request whose body is declared larger than settings.REQUEST_MAX_BYTES is refused with 413
before anything reads it: before the session, CSRF and upload handling, which would otherwise
spool the whole body to disk first only for check_upload to refuse the file afterwards.

Only the declared Content-Length is looked at: Django reads no more than it says (a body without
one is read as empty), and the reverse proxy's own limit (nginx `client_max_body_size`, see
README) stops a larger body before it reaches the application at all.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from core.json_errors import is_api_request, json_error
from core.locale import chosen_language

TOO_LARGE = 413


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads such a body as empty, too
        if declared > settings.REQUEST_MAX_BYTES:
            return self.too_large(request)
        return self.get_response(request)

    def too_large(self, request):
        # Before the locale middleware: the language is chosen here, as it would choose it.
        with translation.override(chosen_language(request)):
            message = _("提交的内容过大：一次提交（含全部附件）不能超过%(mb)sMB。请减少或压缩附件后重试。") % {
                "mb": megabytes(settings.REQUEST_MAX_BYTES)}
            if is_api_request(request):
                return json_error(message, "request_too_large", TOO_LARGE)
            return render(request, "core/request_too_large.html", {"message": message}, status=TOO_LARGE)
