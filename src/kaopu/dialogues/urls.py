"""Dialogue pages: the FIC staff's under /dialogues/, the enterprise's under /dialogues/my/."""

from __future__ import annotations

from django.urls import include, path

from kaopu.dialogues import urls_enterprise, urls_staff

app_name = "dialogues"
urlpatterns = [
    path("my/", include(urls_enterprise)),
    path("", include(urls_staff)),
]
