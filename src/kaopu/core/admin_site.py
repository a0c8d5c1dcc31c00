"""The Django admin, opened to the three administrator roles only, each for its own models.

There is no superuser in Kaopu; which admin pages a role may use is declared on each ModelAdmin
with RoleAdminMixin, not with Django's per-user permission rows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from kaopu.accounts.roles import ADMIN_ROLES


class KaopuAdminSite(admin.AdminSite):
    site_header = "靠谱 Kaopu"
    site_title = "靠谱 Kaopu"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_authenticated and user.role in ADMIN_ROLES)


class KaopuAdminConfig(AdminConfig):
    default_site = "kaopu.core.admin_site.KaopuAdminSite"


class RoleAdminMixin:
    """Grants admin actions by role: ``view_roles`` may look, ``edit_roles`` may add and change."""

    view_roles: frozenset[str] = frozenset()
    edit_roles: frozenset[str] = frozenset()
    delete_roles: frozenset[str] = frozenset()

    def _role(self, request: HttpRequest) -> str | None:
        user = request.user
        return user.role if user.is_active and user.is_authenticated else None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._role(request) in (self.view_roles | self.edit_roles)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._role(request) in (self.view_roles | self.edit_roles)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._role(request) in self.edit_roles

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._role(request) in self.edit_roles

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._role(request) in self.delete_roles
