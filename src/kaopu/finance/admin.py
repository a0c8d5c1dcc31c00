"""The finance reference data a system administrator may keep in /admin/: the policy schemes.
Banks, products and demands change only through the finance pages (kaopu.finance.actions and
kaopu.finance.alliance: audit entries, re-matching, notifications)."""

from __future__ import annotations

from django.contrib import admin

from kaopu.finance.models import PolicyScheme


@admin.register(PolicyScheme)
class PolicySchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "description", "sort_order", "is_active")
