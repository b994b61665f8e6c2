"""常态督导's pages, under /inspection/routine/ (namespace "routine")."""

from django.urls import path

from workflows.inspection.routine.web import views

app_name = "routine"

urlpatterns = [
    path("", views.home, name="home"),
    path("zones/", views.zone_list, name="zones"),
    path("zones/<int:pk>/", views.zone_edit, name="zone"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_new, name="visit-new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("photos/<int:pk>/", views.visit_photo, name="photo"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/new/", views.notice_new, name="notice-new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/report/", views.notice_report, name="notice-report"),
    path("notices/<int:pk>/review/", views.notice_review, name="notice-review"),
    path("notices/<int:pk>/pdf/", views.notice_pdf, name="notice-pdf"),
    path("report-files/<int:pk>/", views.report_file, name="report-file"),
    path("monthly/", views.monthly_table, name="monthly"),
    path("monthly/export/", views.monthly_export, name="monthly-export"),
]
