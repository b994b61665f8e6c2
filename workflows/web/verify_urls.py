"""The certificate verification page, without sign-in (included from core/urls.py under /verify/;
a certificate's QR code links here). <path:> so that any malformed code, slashes included, gets
the same "not found" as an unknown one. No app_name: the page is reversed as "verify"."""

from django.urls import path

from workflows.web.views.certificates import verify

urlpatterns = [
    path("<path:code>/", verify, name="verify"),
]
