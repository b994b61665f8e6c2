"""The studio kind's pages, part of workflows.web.urls (namespace "workflows")."""

from django.urls import path

from workflows.studio import views

urlpatterns = [
    path("studios/", views.studio_list, name="studios"),
    path("studios/export/", views.studio_export, name="studio-export"),
    path("studios/<int:pk>/members/", views.studio_members, name="studio-members"),
    path("studio-member-changes/<int:pk>/approve/", views.change_decide, {"verdict": "approve"},
         name="studio-change-approve"),
    path("studio-member-changes/<int:pk>/refuse/", views.change_decide, {"verdict": "refuse"},
         name="studio-change-refuse"),
    path("studios/tenures/<int:pk>/report/", views.annual_report, name="studio-report"),
    path("studio-reports/<int:pk>/district-rate/", views.district_rate, name="studio-district-rate"),
    path("studio-reports/<int:pk>/city-rate/", views.city_rate, name="studio-city-rate"),
]
