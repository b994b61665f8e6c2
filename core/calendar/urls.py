from django.urls import path

from core.calendar import views

app_name = "workcalendar"

urlpatterns = [
    path("notice/", views.notice_page, name="notice"),
    path("<int:year>/", views.year_page, name="year"),
]
