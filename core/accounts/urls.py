from django.contrib.auth import views as auth_views
from django.urls import path

from core.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("staff/", views.StaffListView.as_view(), name="staff"),
    path("staff/<int:pk>/reset-password/", views.StaffPasswordResetView.as_view(), name="staff_reset_password"),
]
