"""Appeal pages: each side (enterprise, department, FIC staff and leaders) has its own views module."""

from __future__ import annotations

from django.urls import include, path

from kaopu.appeals import urls_department, urls_enterprise, urls_staff, views_kpi
from kaopu.appeals.views_attachments import download as download_attachment

app_name = "appeals"
urlpatterns = [
    path("my/", include(urls_enterprise)),
    path("inbox/", include(urls_department)),
    path("attachments/<int:pk>/", download_attachment, name="attachment_download"),
    path("measures/", views_kpi.measures_page, name="kpi"),
    path("measures/export.xlsx", views_kpi.measures_export, name="kpi_export"),
    path("", include(urls_staff)),
]
