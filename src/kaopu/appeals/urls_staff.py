"""Appeal pages of the staff side (see views_staff.py)."""

from __future__ import annotations

from django.urls import path  # noqa: F401

urlpatterns: list = []
