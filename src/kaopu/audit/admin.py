from __future__ import annotations

from django.contrib import admin

from kaopu.accounts.roles import Role
from kaopu.audit.models import AuditEntry
from kaopu.core.admin_site import RoleAdminMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = frozenset({Role.AUDIT_ADMIN})
    list_display = ["sequence", "at", "actor_name", "action", "object_type", "object_id", "summary", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_name", "summary", "object_id"]
    show_full_result_count = False
