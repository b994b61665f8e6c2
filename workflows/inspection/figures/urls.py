"""数据采集's pages, part of workflows.web.urls (namespace "workflows")."""

from django.urls import path

from workflows.inspection.figures import views

urlpatterns = [
    path("figures/", views.collection_list, name="figure-collections"),
    path("figures/<int:pk>/", views.collection_page, name="figure-collection"),
    path("figures/<int:pk>/districts/<int:district>/import/", views.import_page, name="figure-import"),
    path("figures/<int:pk>/districts/<int:district>/template/", views.template_download, name="figure-template"),
    path("figures/targets/<int:pk>/", views.target_page, name="figure-target"),
    path("figures/targets/<int:pk>/mark/", views.mark_target, name="figure-mark"),
]
