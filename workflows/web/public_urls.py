"""The public pages, without sign-in (included from core/urls.py under /public/): the 公示 notices
and their objection form. Nothing else lives here."""

from django.urls import path

from workflows.web.views import public_notices

app_name = "public"
urlpatterns = [
    path("notices/", public_notices.notice_list, name="notices"),
    path("notices/<int:pk>/", public_notices.notice_detail, name="notice"),
]
