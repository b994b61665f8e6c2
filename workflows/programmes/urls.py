"""The programme pages' addresses, part of workflows.web.urls (namespace "workflows")."""

from django.urls import path

from workflows.programmes import overview_views, views

urlpatterns = [
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_new, name="programme-new"),
    path("programmes/<int:pk>/", views.programme_page, name="programme"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/copy/", views.programme_copy, name="programme-copy"),
    path("programmes/<int:pk>/campaigns/new/", views.campaign_new, name="campaign-new"),
    path("campaigns/<int:pk>/", views.campaign_page, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/overview/", overview_views.overview_page, name="campaign-overview"),
    path("campaigns/<int:pk>/export/<str:name>/", overview_views.export_file, name="campaign-export"),
    path("campaigns/<int:pk>/export/<str:name>/background/", overview_views.export_background,
         name="campaign-export-background"),
]
