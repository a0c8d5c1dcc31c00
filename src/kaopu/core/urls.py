from __future__ import annotations

from django.urls import path

from kaopu.core import views, views_calendar, views_search, views_workbench

app_name = "core"
urlpatterns = [
    path("", views_workbench.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views_search.search, name="search"),
    path("calendar/", views_calendar.calendar_list, name="calendar_list"),
    path("calendar/<int:year>/", views_calendar.calendar_year, name="calendar_year"),
]
