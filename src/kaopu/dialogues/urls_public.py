"""Public meeting pages (views_public.py), under /meetings/: no login needed."""

from __future__ import annotations

from django.urls import path

from kaopu.dialogues import views_public as views

app_name = "meetings"
urlpatterns = [
    path("", views.upcoming, name="upcoming"),
    path("<int:pk>/", views.meeting_page, name="meeting"),
    path("calendar/", views.month_calendar, name="calendar"),
    path("feed.ics", views.feed, name="feed"),
]
