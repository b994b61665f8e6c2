"""The site's URLs plus three views that fail on purpose, for tests/core/test_error_pages.py."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from core import urls as site


def forbidden(request):
    raise PermissionDenied


def bad(request):
    raise BadRequest


def boom(request):
    raise RuntimeError("secret internals: SELECT * FROM orgs_user")


urlpatterns = [path("test-errors/403/", forbidden), path("test-errors/400/", bad),
               path("test-errors/500/", boom), *site.urlpatterns]
handler400, handler403 = site.handler400, site.handler403
handler404, handler500 = site.handler404, site.handler500
