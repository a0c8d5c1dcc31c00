from __future__ import annotations

from django.urls import path

from kaopu.insights import views, views_indicators

app_name = "insights"

urlpatterns = [
    path("", views.cockpit_page, name="cockpit"),
    path("definitions/", views.definitions_page, name="definitions"),
    path("charts/<str:key>.xlsx", views.chart_export, name="chart_export"),
    path("indicators/", views_indicators.indicator_list, name="indicator_list"),
    path("indicators/new/", views_indicators.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views_indicators.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views_indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/active/", views_indicators.indicator_active, name="indicator_active"),
    path("indicators/values/<int:pk>/edit/", views_indicators.value_edit, name="value_edit"),
]
