from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from kaopu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("admin-roles/", views.admin_roles, name="admin_roles"),
    path("admin-roles/<int:pk>/decide/", views.decide_admin_role, name="decide_admin_role"),
]
