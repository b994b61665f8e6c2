"""数据采集's API addresses, part of workflows.api.urls (/api/v1/)."""

from django.urls import path

from workflows.inspection.figures import api

urlpatterns = [
    path("figure-collections/", api.CollectionList.as_view(), name="figure-collection-list"),
    path("figure-collections/<int:pk>/", api.CollectionDetail.as_view(), name="figure-collection-detail"),
    path("figure-collections/<int:pk>/results/", api.CollectionResults.as_view(), name="figure-collection-results"),
    path("figure-collections/<int:pk>/template/", api.CollectionTemplate.as_view(),
         name="figure-collection-template"),
    path("figure-collections/<int:pk>/import/", api.CollectionImport.as_view(), name="figure-collection-import"),
    path("figure-targets/<int:pk>/figures/", api.TargetFigures.as_view(), name="figure-target-figures"),
    path("figure-targets/<int:pk>/mark/", api.TargetMark.as_view(), name="figure-target-mark"),
]
