"""Meeting pages of the enterprise side (views_enterprise.py), under /dialogues/my/."""

from __future__ import annotations

from django.urls import path

from kaopu.dialogues import views_enterprise as views

urlpatterns = [
    path("", views.my_meetings, name="my_meetings"),
    path("<int:pk>/", views.my_meeting, name="my_meeting"),
    path("registrations/", views.my_registrations, name="my_registrations"),
    path("registrations/<int:pk>/cancel/", views.my_cancel, name="my_cancel"),
]
