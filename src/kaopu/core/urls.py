from __future__ import annotations

from django.urls import path

from kaopu.core import views, views_calendar, views_search

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views_search.search, name="search"),
    path("calendar/", views_calendar.calendar_list, name="calendar_list"),
    path("calendar/<int:year>/", views_calendar.calendar_year, name="calendar_year"),
]
