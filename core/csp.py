"""The Content-Security-Policy of every HTML page, in this one place.

A page may run scripts, load styles, images, fonts and frames only from this site, may not be
framed, and may post forms only here. No 'unsafe-inline': a script or style written into the page
(or injected into it through a flaw in escaping) does not run, so the templates keep their
JavaScript in static/js and their looks in static/css.

Our own middleware rather than the django-csp package: the policy is fixed (no nonces, no
reporting endpoint, no per-request variation), so the whole job is one header on HTML responses
and one decorator for the view that needs a different policy; Django 6.0 brings the same thing
built in, and this file goes when the project moves to it.
"""

from functools import wraps

from django.conf import settings

HEADER = "Content-Security-Policy"

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Redoc (the /api/redoc/ page, drf-spectacular-sidecar's bundle) builds its styles at run time
# with styled-components, which writes <style> elements into the page, and runs its search in a
# Web Worker made from a blob: URL. Nothing else on that page is written by the site: it shows
# the API schema only. Swagger UI at /api/docs/ needs no exception (its start script is served
# as a file, workflows/api/urls.py).
REDOC_POLICY = POLICY | {"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}


def header_value(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


def is_html(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower() == "text/html"


def with_policy(policy: dict[str, list[str]]):
    """Decorator: this view's HTML answers carry `policy` instead of the site's POLICY."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            # Read by the middleware: a DRF or template response is rendered, and so has its
            # real Content-Type, only after the view returns.
            response.csp_policy = policy
            return response

        return wrapped

    return decorate


class ContentSecurityPolicyMiddleware:
    """Adds POLICY, or the view's own (see with_policy), to every HTML response. Other responses
    (the API's JSON, files, redirects without a body) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in (404, 500):
            # Django's debug pages (a developer's only, with DEBUG on) are built on inline styles
            # and scripts, and unreadable under the policy.
            return response
        if is_html(response):
            response[HEADER] = header_value(getattr(response, "csp_policy", POLICY))
        return response
