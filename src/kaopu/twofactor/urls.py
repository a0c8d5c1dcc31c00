from __future__ import annotations

from django.urls import path

from kaopu.twofactor import views, views_security

app_name = "twofactor"
urlpatterns = [
    path("two-factor/", views.status, name="status"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/enrol/", views.enrol, name="enrol"),
    path("two-factor/recovery-codes/", views.regenerate, name="regenerate"),
    path("two-factor/disable/", views.disable, name="disable"),
    path("security/two-factor/", views_security.policy, name="policy"),
    path("security/two-factor/users/<int:pk>/reset/", views_security.reset, name="reset"),
]
