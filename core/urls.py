from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from core import views
from core.health import views as health

urlpatterns = [
    path("", views.home, name="home"),
    # Without sign-in, for load balancers and monitoring (core/health).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("core.accounts.urls")),
    path("docnumbers/", include("core.docnumbers.urls")),
    path("calendar/", include("core.calendar.urls")),
    path("imports/", include("core.imports.urls")),
    path("api/", include("workflows.api.urls")),
    path("work/", include("workflows.web.urls")),
    path("inspection/routine/", include("workflows.inspection.routine.web.urls")),
    # Without sign-in: the 公示 notices (core.accounts.middleware lets everyone through).
    path("public/", include("workflows.web.public_urls")),
    # Without sign-in: a certificate's verification page (its QR code links here).
    path("verify/", include("workflows.web.verify_urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# Below /api/ these answer in the API's JSON shape; elsewhere Django's pages.
handler400 = "workflows.api.handlers.bad_request"
handler403 = "workflows.api.handlers.permission_denied"
handler404 = "workflows.api.handlers.page_not_found"
handler500 = "workflows.api.handlers.server_error"
