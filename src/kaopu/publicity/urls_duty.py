"""The staff's duty pages (views_duty.py), under /publicity/duty/."""

from __future__ import annotations

from django.urls import path

from kaopu.publicity import views_duty as views

app_name = "publicity_duty"
urlpatterns = [
    path("", views.columns, name="columns"),
    path("links/", views.links, name="links"),
]
