from django.urls import path

from notifications import web

app_name = "notifications"
urlpatterns = [
    path("", web.inbox_page, name="inbox"),
    path("<int:pk>/open/", web.open_notification, name="open"),
    path("read-all/", web.read_all, name="read_all"),
    path("preferences/", web.preferences_page, name="preferences"),
]
