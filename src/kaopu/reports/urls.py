from __future__ import annotations

from django.urls import path

from kaopu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/summary/", views.edit_summary, name="summary"),
    path("<int:pk>/download/<str:kind>/", views.download, name="download"),
]
