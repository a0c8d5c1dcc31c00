from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.admin_site import RoleAdminMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Read-only (no role may add, change or delete); each page the audit administrator opens here
    is recorded, as on /audit/."""

    view_roles = frozenset({Role.AUDIT_ADMIN})
    list_display = ["sequence", "at", "actor_name", "action", "object_label", "summary", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_name", "summary", "object_id", "object_label"]
    show_full_result_count = False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            record(Action.READ_AUDIT, request=request, object_type=AuditEntry._meta.label_lower,
                   summary="在管理后台查阅审计日志", data={"filters": dict(request.GET.items())})
        return response

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            record(Action.READ_AUDIT, request=request, object_type=AuditEntry._meta.label_lower,
                   object_id=object_id, summary=f"在管理后台查阅审计条目 {object_id}")
        return response
