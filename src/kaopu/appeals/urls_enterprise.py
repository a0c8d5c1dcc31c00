"""Appeal pages of the enterprise side (see views_enterprise.py)."""

from __future__ import annotations

from django.urls import path  # noqa: F401

urlpatterns: list = []
