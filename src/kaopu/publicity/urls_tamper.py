"""The tamper check's incidents page (views_tamper.py), under /publicity/incidents/."""

from __future__ import annotations

from django.urls import path

from kaopu.publicity import views_tamper as views

app_name = "tamper"
urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("<int:pk>/", views.incident_detail, name="incident"),
]
