from django.urls import path

from core.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.imports_page, name="index"),
    path("<slug:kind>/template/", views.template_download, name="template"),
    path("<slug:kind>/upload/", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job_page, name="job"),
    path("jobs/<int:pk>/confirm/", views.confirm, name="confirm"),
]
