from __future__ import annotations

from django.urls import path

from kaopu.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.cockpit_page, name="cockpit"),
    path("definitions/", views.definitions_page, name="definitions"),
    path("charts/<str:key>.xlsx", views.chart_export, name="chart_export"),
]
