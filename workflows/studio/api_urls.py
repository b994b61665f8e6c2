"""The studio kind's API paths, mounted under /api/v1/ by workflows.api.urls."""

from django.urls import path

from workflows.studio import api

urlpatterns = [
    path("studios/", api.StudioList.as_view(), name="studio-list"),
    path("studios/member-candidates/", api.MemberCandidates.as_view(), name="studio-member-candidates"),
    path("studios/<int:pk>/members/", api.StudioMembers.as_view(), name="studio-members"),
    path("studio-member-changes/<int:pk>/approve/", api.ChangeApprove.as_view(), name="studio-change-approve"),
    path("studio-member-changes/<int:pk>/refuse/", api.ChangeRefuse.as_view(), name="studio-change-refuse"),
    path("tenures/<int:pk>/studio-report/", api.StudioReport.as_view(), name="studio-report"),
    path("tenure-reports/<int:pk>/district-rate/", api.DistrictRate.as_view(), name="studio-district-rate"),
    path("tenure-reports/<int:pk>/city-rate/", api.CityRate.as_view(), name="studio-city-rate"),
]
