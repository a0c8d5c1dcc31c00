"""Appeal pages: each side (enterprise, department, FIC staff and leaders) has its own views module."""

from __future__ import annotations

from django.urls import include, path

from kaopu.appeals import urls_department, urls_enterprise, urls_staff

app_name = "appeals"
urlpatterns = [
    path("my/", include(urls_enterprise)),
    path("inbox/", include(urls_department)),
    path("", include(urls_staff)),
]
