from __future__ import annotations

from django.urls import path

from kaopu.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/<str:kind>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/download/", views.download, name="download"),
]
