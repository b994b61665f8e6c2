from django.urls import path

from core.docnumbers import views

app_name = "docnumbers"

urlpatterns = [
    path("", views.register_page, name="register"),
    path("register-external/", views.register_external_view, name="register_external"),
    path("set-next/", views.set_next_number_view, name="set_next"),
    path("void/", views.void_view, name="void"),
]
