"""The policy schemes, shown read-only to the system administrator in /admin/. Staff keep them on the
finance pages (kaopu.finance.alliance: audited, and the product matches follow the change), as they do
banks, products and demands (kaopu.finance.actions); an admin form would bypass both."""

from __future__ import annotations

from django.contrib import admin

from kaopu.accounts.roles import Role
from kaopu.core.admin_site import RoleAdminMixin
from kaopu.finance.models import PolicyScheme


@admin.register(PolicyScheme)
class PolicySchemeAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = frozenset({Role.SYSTEM_ADMIN})
    list_display = ("name", "description", "sort_order", "is_active")
