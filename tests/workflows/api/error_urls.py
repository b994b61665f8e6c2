"""The site's URLs plus test-only views that fail in each way, under /api/ and outside it
(tests/workflows/api/test_api_errors.py)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from rest_framework.views import APIView

from core.urls import *  # noqa: F401,F403  (the site's error handlers: handler400 … handler500)
from core.urls import urlpatterns as site


class Crashing(APIView):
    """An API view with a bug: the exception escapes DRF's own handler."""

    permission_classes = []

    def get(self, request):
        raise RuntimeError("a bug in a view")


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404


urlpatterns = [
    path("api/v1/test-crash/", Crashing.as_view()),
    path("api/v1/test-forbidden/", forbidden),
    path("api/v1/test-missing/", missing),
    path("work/test-crash/", Crashing.as_view()),
    *site,
]
