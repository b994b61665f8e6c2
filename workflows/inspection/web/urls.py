"""The inspection kind's pages, under /work/inspection/ (namespace workflows:inspection)."""

from django.urls import path

from workflows.inspection.insights import views as insights
from workflows.inspection.web import acts, plans

app_name = "inspection"
urlpatterns = [
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_new, name="plan-new"),
    path("plans/<int:pk>/", plans.plan_page, name="plan"),
    path("plans/<int:pk>/dispatch/", plans.plan_dispatch, name="plan-dispatch"),
    path("plans/<int:pk>/insights/", insights.insights_page, name="plan-insights"),
    path("cases/<int:pk>/<str:act>/", acts.case_act, name="case-act"),
]
