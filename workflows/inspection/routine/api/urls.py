"""常态督导's REST operations, under /api/v1/routine/."""

from django.urls import path

from workflows.inspection.routine.api import views

urlpatterns = [
    path("zones/", views.ZoneList.as_view(), name="routine-zones"),
    path("zones/<int:pk>/", views.ZoneDetail.as_view(), name="routine-zone"),
    path("visits/", views.VisitList.as_view(), name="routine-visits"),
    path("visits/<int:pk>/", views.VisitDetail.as_view(), name="routine-visit"),
    path("notices/", views.NoticeList.as_view(), name="routine-notices"),
    path("notices/<int:pk>/", views.NoticeDetail.as_view(), name="routine-notice"),
    path("notices/<int:pk>/report/", views.NoticeReport.as_view(), name="routine-notice-report"),
    path("notices/<int:pk>/accept/", views.NoticeAccept.as_view(), name="routine-notice-accept"),
    path("notices/<int:pk>/return/", views.NoticeReturn.as_view(), name="routine-notice-return"),
    path("notices/<int:pk>/pdf/", views.NoticePdf.as_view(), name="routine-notice-pdf"),
    path("monthly/", views.MonthTable.as_view(), name="routine-monthly"),
]
