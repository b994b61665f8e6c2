"""督导分析's API address, part of workflows.api.urls (/api/v1/)."""

from django.urls import path

from workflows.inspection.insights import api

urlpatterns = [
    path("inspection-plans/<int:pk>/insights/", api.PlanInsights.as_view(), name="inspection-plan-insights"),
]
